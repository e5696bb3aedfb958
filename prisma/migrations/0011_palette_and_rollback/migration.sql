-- Issue 17 item 7: the author may choose the function buttons of the students' symbol palette
-- (JSON array of "sigma" | "tanh" | "exp" | "log"); null = those the statement mentions.
ALTER TABLE "ExerciseVersion" ADD COLUMN "palette" TEXT;

-- Issue 17 item 5 (review): "go back" returns to the version students saw before the last publish,
-- not the next-lower number (which may be a version that was rolled back from).
ALTER TABLE "Exercise" ADD COLUMN "previousVersionId" TEXT REFERENCES "ExerciseVersion" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE UNIQUE INDEX "Exercise_previousVersionId_key" ON "Exercise"("previousVersionId");
