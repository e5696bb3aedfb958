import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/db";
import { getStudentExercise } from "@/lib/data/exercises";
import { renderMarkdown, renderMath } from "@/lib/markdown";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await connection();
  const exercise = await getStudentExercise(db, (await params).slug);
  return { title: exercise?.title ?? "Exercise not found" };
}

export default async function ExercisePage({ params }: Props) {
  await connection();
  const exercise = await getStudentExercise(db, (await params).slug);
  if (!exercise || !exercise.published) notFound();

  return (
    <article>
      <h1>{exercise.title}</h1>
      <section className="card statement" dangerouslySetInnerHTML={{ __html: renderMarkdown(exercise.statement) }} />
      <h2>Steps</h2>
      <ol className="card-list">
        {exercise.steps.map((step, index) => {
          const inputId = `step-${step.key}`;
          return (
            <li key={step.id} className="card">
              <h3 style={{ margin: 0 }}>
                Step {index + 1}: <span dangerouslySetInnerHTML={{ __html: renderMath(step.title) }} />
              </h3>
              <div dangerouslySetInnerHTML={{ __html: renderMarkdown(step.prompt) }} />
              <div className="field">
                <label htmlFor={inputId}>Your answer for step {index + 1}</label>
                <input id={inputId} name="answer" type="text" autoComplete="off" spellCheck={false} disabled />
                <p className="muted">Answering opens when you sign in.</p>
              </div>
            </li>
          );
        })}
      </ol>
    </article>
  );
}
