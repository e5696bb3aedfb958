import type { Metadata } from "next";
import { connection } from "next/server";
import { notFound } from "next/navigation";
import { db } from "@/lib/platform/db";
import { requireUser } from "@/lib/auth/session";
import { deepLinkChoices } from "@/lib/lti/deep-link";

export const metadata: Metadata = { title: "Choose an exercise for your course" };

/** Deep linking: the instructor came from the LMS to pick the exercise that becomes an assignment there. */
export default async function DeepLinkPage({ params }: { params: Promise<{ requestId: string }> }) {
  await connection();
  const { requestId } = await params;
  const user = await requireUser({ next: `/lti/deep-link/${requestId}` });
  const result = await deepLinkChoices(db, user, { requestId });
  if (!result.ok) {
    if (result.status === 404 || result.status === 403) notFound();
    return (
      <>
        <h1>Choose an exercise for your course</h1>
        <p className="notice bad" role="alert">{result.formError}</p>
      </>
    );
  }
  return (
    <>
      <h1>Choose an exercise for your course</h1>
      <p>The exercise becomes an activity in your LMS course, with a gradebook column scored out of its number of steps.</p>
      <ul className="card-list">
        {result.exercises.map((e) => (
          <li key={e.id} className="card">
            <form method="post" action={`/lti/deep-link/${result.requestId}/respond`}>
              <input type="hidden" name="exerciseId" value={e.id} />
              <strong>{e.title}</strong> <span className="muted">({e.steps} steps)</span>{" "}
              <button type="submit">
                Add <span className="sr-only">{e.title} </span>to the course
              </button>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}
