-- Follow-through (error carried forward), issue 16.
-- Columns are added in place (SQLite allows NOT NULL columns with a constant default), so no table
-- is copied: existing attempts, progress and versions keep their rows.

-- A step may declare how it follows from earlier steps: "[dL_da] * [da_dz]".
ALTER TABLE "Step" ADD COLUMN "follows" TEXT;

-- A question test may state the earlier steps' answers (JSON object by step key).
ALTER TABLE "QuestionTest" ADD COLUMN "earlier" TEXT;

-- Credit for a carried-forward step, as a fraction of a solved step's.
ALTER TABLE "ExerciseVersion" ADD COLUMN "followThroughCredit" REAL NOT NULL DEFAULT 1;

-- The step's latest answer follows from wrong earlier answers.
ALTER TABLE "StepProgress" ADD COLUMN "carriedForward" BOOLEAN NOT NULL DEFAULT false;

-- Per-student parameters (issue 16): the values one of which each student gets (JSON array).
ALTER TABLE "ExerciseVariable" ADD COLUMN "parameterValues" TEXT;

-- The Verdict enum gains CARRIED_FORWARD: SQLite stores enums as TEXT, so no change is needed here.
