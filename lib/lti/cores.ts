import type { PrismaClient } from "@/generated/prisma/client";
import type { Db } from "@/lib/platform/db-client";
import type { CurrentUser } from "@/lib/auth/types";
import type { ActionResult } from "@/lib/platform/action-result";
import { checkAnswer, type CheckResult } from "@/lib/student-work/cores";
import { regradeExercise, type RegradeSummary } from "@/lib/authoring/regrade";
import { enqueueScores, enqueueScoresBySlug } from "./grades";

/**
 * The exercise page's Check, followed by the LTI score report: when the check was recorded (it
 * changes StepProgress, and follow-through may re-judge later steps), the student's score on the
 * exercise is queued for every platform resource link they launched it from (lib/lti/grades.ts).
 * The check's result is returned unchanged; queueing never fails the check — at worst the next
 * check queues again.
 */
export async function checkAnswerAndReport(client: Db, user: CurrentUser | null, rawInput: unknown): Promise<CheckResult> {
  const result = await checkAnswer(client, user, rawInput);
  if (result.ok && "recorded" in result && result.recorded && user) {
    const slug = (rawInput as { slug?: unknown }).slug;
    if (typeof slug === "string") {
      await enqueueScoresBySlug(client, user.id, slug.trim()).catch((error: unknown) => console.error("[stepwise] lti score not queued:", error));
    }
  }
  return result;
}

/**
 * The editor's regrade (lib/authoring/regrade.ts), followed by the LMS score report: every student
 * who launched the exercise through LTI gets their score queued again — unchanged scores are not
 * (enqueueScores compares with the last one queued), so only the regrade's real changes are sent.
 */
export async function regradeExerciseAndReport(
  client: PrismaClient,
  user: CurrentUser | null,
  input: { exerciseId: string },
  options: Parameters<typeof regradeExercise>[3] = {},
): Promise<ActionResult<{ summary: RegradeSummary; scoresQueued: number }>> {
  const result = await regradeExercise(client, user, input, options);
  if (!result.ok) return result;
  return { ...result, scoresQueued: await enqueueScoresForExercise(client, input.exerciseId) };
}

/** Queues the current score of every LTI-launched student of the exercise (see enqueueScores). */
export async function enqueueScoresForExercise(client: Db, exerciseId: string): Promise<number> {
  const targets = await client.ltiGradeTarget.findMany({ where: { exerciseId }, select: { userId: true } });
  let queued = 0;
  for (const userId of new Set(targets.map((t) => t.userId))) queued += await enqueueScores(client, userId, exerciseId);
  return queued;
}
