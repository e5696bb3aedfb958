import { connection } from "next/server";
import { open } from "../db";

/**
 * The floor for a page load: rendered on every request (like the exercise page) from one read of
 * the database — the least a signed-in page must do. `npm run bench:http` compares the exercise
 * page with this one in the same run.
 */
export default async function DynamicPage() {
  await connection();
  const rows = open().prepare("SELECT id, slug, step, answer FROM attempt ORDER BY id DESC LIMIT 10").all() as { id: number; slug: string; step: string; answer: string }[];
  return (
    <main>
      <h1>Latest answers</h1>
      <ul>
        {rows.map((r) => (
          <li key={r.id}>
            {r.slug} / {r.step}: {r.answer}
          </li>
        ))}
      </ul>
    </main>
  );
}
