-- Issue #13 item 2: solution reveals belong to a course.
ALTER TABLE "SolutionReveal" ADD COLUMN "courseId" TEXT;
DROP INDEX "SolutionReveal_userId_exerciseId_stepKey_key";
CREATE UNIQUE INDEX "SolutionReveal_userId_exerciseId_stepKey_courseId_key" ON "SolutionReveal"("userId", "exerciseId", "stepKey", "courseId");
