import Link from "next/link";
import type { CurrentUser } from "@/lib/auth/types";
import type { ExerciseWorkspaceData } from "@/lib/student-work/exercise-page";
import { ExerciseWorkspace } from "@/app/_components/exercise/exercise-workspace";
import { MathHelp } from "@/app/_components/exercise/math-help";
import { LocalTime } from "@/app/courses/_components/local-time";
import { checkAnswerAction, plotAnswerAction, revealHintAction, revealSolutionAction, saveDraftAction } from "@/app/exercises/[slug]/actions";

/**
 * The exercise page's body, for both addresses: `/courses/[courseId]/exercises/[slug]` (work in a
 * course) and `/exercises/[slug]` (the editors' course-less view). The actions are bound to the
 * page's course, so every check, draft and reveal is decided and filed in it.
 */
export function ExercisePageBody({ user, data }: { user: CurrentUser; data: ExerciseWorkspaceData }) {
  const courseId = data.courseId;
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
        actions={{
          check: checkAnswerAction.bind(null, courseId),
          saveDraft: saveDraftAction.bind(null, courseId),
          revealHint: revealHintAction.bind(null, courseId),
          revealSolution: revealSolutionAction.bind(null, courseId),
          plot: plotAnswerAction.bind(null, courseId),
        }}
      />
    </article>
  );
}
