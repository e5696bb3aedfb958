import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { buildWorkspace, loadExerciseForUser } from "@/lib/student-work/exercise-page";
import { ExerciseWorkspace } from "@/app/_components/exercise/exercise-workspace";
import { MathHelp } from "@/app/_components/exercise/math-help";
import { LocalTime } from "@/app/courses/_components/local-time";
import { checkAnswerAction, plotAnswerAction, revealHintAction, revealSolutionAction, saveDraftAction } from "./actions";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await connection();
  const loaded = await loadExerciseForUser((await params).slug);
  return { title: loaded?.exercise.title ?? "Exercise not found" };
}

export default async function ExercisePage({ params }: Props) {
  await connection();
  const loaded = await loadExerciseForUser((await params).slug);
  if (!loaded) notFound();
  const { user, exercise, access } = loaded;
  // Student-safe by construction: built from getStudentExercise plus this student's own work.
  const data = await buildWorkspace(user, exercise, access);

  return (
    <article>
      <p className="muted">
        <Link href={user.role === "STUDENT" ? "/progress" : "/"}>{user.role === "STUDENT" ? "← Your progress" : "← Exercises"}</Link>
      </p>
      <h1>{data.title}</h1>
      {data.dueAt ? (
        <p className={data.duePassed ? "notice warn" : "muted"}>
          Due <LocalTime iso={data.dueAt} />
          {data.duePassed ? " — the due date has passed: worked solutions are available." : ""}
        </p>
      ) : null}
      <section className="card statement" aria-label="Problem statement" dangerouslySetInnerHTML={{ __html: data.statementHtml }} />
      {data.parameters ? (
        <p className="muted">
          Your numbers for this exercise: <strong>{data.parameters}</strong> (each student has their own; they stay the same when you come back).
        </p>
      ) : null}
      <MathHelp />
      <h2>Steps</h2>
      <p className="muted">Answer the steps in any order. Press Enter or Check to grade a step; your text is saved as you type.</p>
      <ExerciseWorkspace
        data={data}
        userId={user.id}
        actions={{ check: checkAnswerAction, saveDraft: saveDraftAction, revealHint: revealHintAction, revealSolution: revealSolutionAction, plot: plotAnswerAction }}
      />
    </article>
  );
}
