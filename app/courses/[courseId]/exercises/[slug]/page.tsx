import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { buildWorkspace, loadExerciseForUser } from "@/lib/student-work/exercise-page";
import { ExercisePageBody } from "@/app/_components/exercise/exercise-page";

type Props = { params: Promise<{ courseId: string; slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await connection();
  const { courseId, slug } = await params;
  const loaded = await loadExerciseForUser(slug, courseId);
  return { title: loaded?.exercise.title ?? "Exercise not found" };
}

/** An exercise as worked in one course: that course's due date, reveals and attempts (issue #13 item 2). */
export default async function CourseExercisePage({ params }: Props) {
  await connection();
  const { courseId, slug } = await params;
  const loaded = await loadExerciseForUser(slug, courseId);
  if (!loaded) notFound();
  // Student-safe by construction: built from getStudentExercise plus this student's own work.
  const data = await buildWorkspace(loaded.user, loaded.exercise, loaded.access);
  return <ExercisePageBody user={loaded.user} data={data} />;
}
