-- Issue 17 item 5: edits to a published exercise are staged as a draft of the next version
-- (Exercise.stagedVersionId), invisible to students until the author publishes them.
ALTER TABLE "Exercise" ADD COLUMN "stagedVersionId" TEXT REFERENCES "ExerciseVersion" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE UNIQUE INDEX "Exercise_stagedVersionId_key" ON "Exercise"("stagedVersionId");
