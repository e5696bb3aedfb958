import Link from "next/link";
import { connection } from "next/server";
import { db } from "@/lib/db";
import { listPublishedExercises } from "@/lib/data/exercises";

export default async function HomePage() {
  await connection();
  const exercises = await listPublishedExercises(db);
  return (
    <>
      <h1>Exercises</h1>
      {exercises.length === 0 ? (
        <p className="muted">No exercises are published yet.</p>
      ) : (
        <ul className="card-list">
          {exercises.map((exercise) => (
            <li key={exercise.id} className="card">
              <Link href={`/exercises/${exercise.slug}`}>{exercise.currentVersion?.title}</Link>
              <p className="muted" style={{ margin: "0.25rem 0 0" }}>
                {exercise.currentVersion?._count.steps} steps
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
