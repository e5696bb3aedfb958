-- Matrix variables (issue 15): the kind-specific fields of the new variable kinds (shape, values,
-- integer, onehot, latex) in one JSON column, validated with zod when read
-- (lib/exercises/queries.ts). One nullable column added in place: existing versions keep their rows
-- and read back exactly as before (NULL = no matrix fields).
ALTER TABLE "ExerciseVariable" ADD COLUMN "spec" TEXT;
