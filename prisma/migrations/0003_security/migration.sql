-- Issue #13 item 2: solution reveals belong to a course.
ALTER TABLE "SolutionReveal" ADD COLUMN "courseId" TEXT;
DROP INDEX "SolutionReveal_userId_exerciseId_stepKey_key";
CREATE UNIQUE INDEX "SolutionReveal_userId_exerciseId_stepKey_courseId_key" ON "SolutionReveal"("userId", "exerciseId", "stepKey", "courseId");

-- Issue #13 item 9: password reset links (hash only) and the dev outbox.
CREATE TABLE "PasswordReset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "PasswordReset_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "PasswordReset_tokenHash_key" ON "PasswordReset"("tokenHash");
CREATE INDEX "PasswordReset_userId_idx" ON "PasswordReset"("userId");

CREATE TABLE "OutboxMail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
