-- Issue 17 item 8: points per assignment, step weights, a late policy per assignment and per-student
-- extensions of the due date.
ALTER TABLE "Assignment" ADD COLUMN "points" REAL NOT NULL DEFAULT 10;
ALTER TABLE "Assignment" ADD COLUMN "latePolicy" TEXT;
ALTER TABLE "Step" ADD COLUMN "weight" REAL NOT NULL DEFAULT 1;

CREATE TABLE "Extension" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Extension_courseId_exerciseId_fkey" FOREIGN KEY ("courseId", "exerciseId") REFERENCES "Assignment" ("courseId", "exerciseId") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Extension_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Extension_courseId_exerciseId_userId_key" ON "Extension"("courseId", "exerciseId", "userId");
CREATE INDEX "Extension_userId_idx" ON "Extension"("userId");
