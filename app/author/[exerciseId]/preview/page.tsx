import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { requireInstructor } from "@/lib/auth/session";
import { getExerciseForEditor } from "@/lib/authoring/cores";
import { buildWorkspace, loadExercisePreview } from "@/lib/student-work/exercise-page";
import { ExerciseWorkspace } from "@/app/_components/exercise/exercise-workspace";
import { MathHelp } from "@/app/_components/exercise/math-help";
import { previewCheckAction, previewDraftAction, previewHintAction, previewPlotAction, previewSolutionAction } from "./actions";

type Props = { params: Promise<{ exerciseId: string }>; searchParams: Promise<{ draw?: string }> };

export const metadata: Metadata = { title: "Preview as student" };

export default async function PreviewPage({ params, searchParams }: Props) {
  await connection();
  const { exerciseId } = await params;
  // "Redraw" shows the exercise with another student's parameters: draw 0 is the author's own.
  const draw = Math.max(0, Math.min(1_000_000, Math.trunc(Number((await searchParams).draw ?? 0)) || 0));
  const user = await requireInstructor({ next: `/author/${exerciseId}/preview` });
  const result = await getExerciseForEditor(db, user, { exerciseId });
  const loaded = await loadExercisePreview(user, exerciseId);
  if (!result.ok || !loaded) notFound();
  const { meta } = result;
  // The student's own view model and cores, in preview mode: a fresh state, nothing recorded.
  const data = await buildWorkspace(user, loaded.exercise, loaded.access, { preview: { exerciseId, draw } });
  return (
    <article>
      <p className="muted">
        <Link href={`/author/${meta.id}`}>← Back to the editor</Link>
      </p>
      <p className="notice warn">
        Preview of version {meta.version}
        {meta.published ? "" : " (not published)"}: you see the exercise as a student does. Nothing you do here is recorded.
      </p>
      <h1>{data.title}</h1>
      <section className="card statement" aria-label="Problem statement" dangerouslySetInnerHTML={{ __html: data.statementHtml }} />
      {data.parameters ? (
        <p className="muted">
          Per-student parameters in this preview: <strong>{data.parameters}</strong>.{" "}
          <Link href={`/author/${meta.id}/preview?draw=${draw + 1}`}>Redraw (see another student&apos;s numbers)</Link>
        </p>
      ) : null}
      <MathHelp />
      <h2>Steps</h2>
      <ExerciseWorkspace
        key={draw}
        data={data}
        userId={`preview-${user.id}`}
        actions={{
          check: previewCheckAction.bind(null, meta.id, draw),
          saveDraft: previewDraftAction.bind(null, meta.id, draw),
          revealHint: previewHintAction.bind(null, meta.id, draw),
          revealSolution: previewSolutionAction.bind(null, meta.id, draw),
          plot: previewPlotAction.bind(null, meta.id, draw),
        }}
      />
    </article>
  );
}
