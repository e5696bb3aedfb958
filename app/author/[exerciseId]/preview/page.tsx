import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { requireInstructor } from "@/lib/auth/session";
import { getExerciseForEditor } from "@/lib/authoring/cores";
import { renderMarkdown, renderMath } from "@/lib/platform/markdown";
import { latexToPlainText } from "@/lib/platform/latex-plain";
import type { ExerciseWorkspaceData } from "@/lib/student-work/exercise-page";
import { ExerciseWorkspace } from "@/app/_components/exercise/exercise-workspace";
import { MathHelp } from "@/app/_components/exercise/math-help";
import { previewCheckAction, previewDraftAction, previewHintAction, previewSolutionAction } from "./actions";

type Props = { params: Promise<{ exerciseId: string }> };

export const metadata: Metadata = { title: "Preview as student" };

export default async function PreviewPage({ params }: Props) {
  await connection();
  const { exerciseId } = await params;
  const user = await requireInstructor({ next: `/author/${exerciseId}/preview` });
  const result = await getExerciseForEditor(user, { exerciseId }, db);
  if (!result.ok) notFound();
  const { exercise, meta } = result;
  const allVariables = exercise.variables.map((v) => v.name);
  // The same view a student gets, built from the stored current version, with a fresh state.
  const data: ExerciseWorkspaceData = {
    exerciseId: meta.id,
    slug: exercise.slug,
    title: exercise.title,
    statementHtml: renderMarkdown(exercise.statement),
    variables: exercise.variables.map((v) => ({ name: v.name, description: v.description ?? "" })),
    allVariables,
    dueAt: null,
    duePassed: false,
    recorded: false,
    steps: exercise.steps.map((s, i) => ({
      key: s.key,
      number: i + 1,
      titleHtml: renderMath(s.title),
      titleText: latexToPlainText(s.title) || `step ${i + 1}`,
      titleLatex: s.title,
      promptHtml: renderMarkdown(s.prompt),
      variables: s.allowedVariables ?? allVariables,
      hintCount: s.hints.length,
      revealedHints: [],
      attemptsBeforeSolution: s.attemptsBeforeSolution,
      attempts: 0,
      incorrect: 0,
      solved: false,
      solutionAvailable: true,
      solution: null,
      acceptedLatex: null,
      draft: null,
    })),
  };
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
      <MathHelp />
      <h2>Steps</h2>
      <ExerciseWorkspace
        data={data}
        userId={`preview-${user.id}`}
        actions={{
          check: previewCheckAction.bind(null, meta.id),
          saveDraft: previewDraftAction.bind(null, meta.id),
          revealHint: previewHintAction.bind(null, meta.id),
          revealSolution: previewSolutionAction.bind(null, meta.id),
        }}
      />
    </article>
  );
}
