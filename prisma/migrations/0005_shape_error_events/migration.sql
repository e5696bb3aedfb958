-- Shape errors of matrix answers, kept for analytics as non-attempt events (issue 15).
CREATE TABLE "ShapeErrorEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "courseId" TEXT,
    "stepKey" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ShapeErrorEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ShapeErrorEvent_exerciseId_stepKey_idx" ON "ShapeErrorEvent"("exerciseId", "stepKey");
