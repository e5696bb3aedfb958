import type { Metadata } from "next";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { requireInstructor } from "@/lib/auth/session";
import { listOwnedCourses } from "@/lib/authoring/cores";
import { exerciseSchema } from "@/lib/exercises/definition";
import { blankExercise } from "@/lib/authoring/validation";
import { ExerciseEditor } from "../_components/exercise-editor";

export const metadata: Metadata = { title: "New exercise" };

export default async function NewExercisePage() {
  await connection();
  const user = await requireInstructor({ next: "/author/new" });
  const courses = await listOwnedCourses(db, user);
  // The blank exercise is not valid yet (empty title, slug, expected): fill in defaults without validating.
  const blank = blankExercise();
  const initial = { ...blank, published: false, steps: blank.steps.map((s) => ({ ...s })) } as ReturnType<typeof exerciseSchema.parse>;
  return (
    <>
      <h1>New exercise</h1>
      <ExerciseEditor initial={initial} meta={null} courses={courses} />
    </>
  );
}
