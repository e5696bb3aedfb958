import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { buildWorkspace, exerciseChoices, exercisePath, loadExerciseForUser } from "@/lib/student-work/exercise-page";
import { ExercisePageBody } from "@/app/_components/exercise/exercise-page";
import { LocalTime } from "@/app/courses/_components/local-time";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await connection();
  const loaded = await loadExerciseForUser((await params).slug, null);
  return { title: loaded?.exercise.title ?? "Exercise" };
}

/**
 * The course-less address of an exercise. Work belongs to a course (issue #13 item 2), so: the
 * exercise's editors get their course-less view here; anyone else is sent to the one course in
 * which they may open it, or chooses among several.
 */
export default async function ExercisePage({ params }: Props) {
  await connection();
  const { slug } = await params;
  const user = await requireUser({ next: exercisePath(slug, null) });
  const choices = await exerciseChoices(user, slug);
  if (!choices) notFound();
  if (choices.editorView) {
    const loaded = await loadExerciseForUser(slug, null);
    if (!loaded) notFound();
    return <ExercisePageBody user={user} data={await buildWorkspace(user, loaded.exercise, loaded.access)} />;
  }
  if (choices.courses.length === 0) notFound();
  if (choices.courses.length === 1) redirect(exercisePath(slug, choices.courses[0]!.courseId));
  return (
    <article>
      <h1>Which course are you working in?</h1>
      <p className="muted">This exercise is assigned in several of your courses. Due dates, solutions and your attempts belong to the course you choose.</p>
      <ul>
        {choices.courses.map((c) => (
          <li key={c.courseId}>
            <Link href={exercisePath(slug, c.courseId)}>{c.title}</Link>
            {c.dueAt ? (
              <span className="muted">
                {" "}
                — due <LocalTime iso={c.dueAt.toISOString()} />
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </article>
  );
}
