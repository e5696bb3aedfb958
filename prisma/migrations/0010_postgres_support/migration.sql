-- issue 18: Attempt.seed holds 32-bit unsigned seeds (BIGINT: PostgreSQL's INTEGER overflows above 2^31 - 1;
-- SQLite stores the same values either way), and bulk regrades become resumable job rows (RegradeJob).
-- CreateTable
CREATE TABLE "RegradeJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "exerciseId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "phase" TEXT NOT NULL DEFAULT 'attempts',
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "regraded" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "unmatched" INTEGER NOT NULL DEFAULT 0,
    "stamp" DATETIME NOT NULL,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Attempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "courseId" TEXT,
    "answer" TEXT NOT NULL,
    "parsed" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "feedback" TEXT NOT NULL DEFAULT '',
    "diagnosis" TEXT,
    "mistakeId" TEXT,
    "seed" BIGINT NOT NULL,
    "regradedAt" DATETIME,
    "previousVerdict" TEXT,
    "practice" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Attempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attempt_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "Step" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Attempt" ("answer", "courseId", "createdAt", "diagnosis", "exerciseId", "feedback", "id", "mistakeId", "parsed", "practice", "previousVerdict", "regradedAt", "seed", "stepId", "stepKey", "userId", "verdict") SELECT "answer", "courseId", "createdAt", "diagnosis", "exerciseId", "feedback", "id", "mistakeId", "parsed", "practice", "previousVerdict", "regradedAt", "seed", "stepId", "stepKey", "userId", "verdict" FROM "Attempt";
DROP TABLE "Attempt";
ALTER TABLE "new_Attempt" RENAME TO "Attempt";
CREATE INDEX "Attempt_userId_stepId_idx" ON "Attempt"("userId", "stepId");
CREATE INDEX "Attempt_userId_exerciseId_idx" ON "Attempt"("userId", "exerciseId");
CREATE INDEX "Attempt_stepId_verdict_idx" ON "Attempt"("stepId", "verdict");
CREATE INDEX "Attempt_exerciseId_stepKey_idx" ON "Attempt"("exerciseId", "stepKey");
CREATE INDEX "Attempt_courseId_idx" ON "Attempt"("courseId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RegradeJob_exerciseId_createdAt_idx" ON "RegradeJob"("exerciseId", "createdAt");

-- CreateIndex
CREATE INDEX "RegradeJob_status_leaseExpiresAt_idx" ON "RegradeJob"("status", "leaseExpiresAt");

