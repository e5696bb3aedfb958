-- Issue 17 items 2 and 4: a check of a step the student has already solved is practice (stored,
-- shown, never counted as an attempt), and a step solved after its worked solution was revealed is
-- marked so the student, the gradebook and analytics can tell it from a real solve.
ALTER TABLE "Attempt" ADD COLUMN "practice" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "StepProgress" ADD COLUMN "solvedAfterSolution" BOOLEAN NOT NULL DEFAULT false;
