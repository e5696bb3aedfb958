import type { Db } from "@/lib/platform/db-client";
import type { CurrentUser } from "@/lib/auth/types";
import { checkAnswer, type CheckResult } from "@/lib/student-work/cores";
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

/** After a regrade: every affected student's score is queued again (only LTI-launched ones have targets). */
export async function enqueueScoresAfterRegrade(client: Db, exerciseId: string, userIds: Iterable<string>): Promise<number> {
  let queued = 0;
  const withTargets = await client.ltiGradeTarget.findMany({ where: { exerciseId, userId: { in: [...new Set(userIds)] } }, select: { userId: true } });
  for (const userId of new Set(withTargets.map((t) => t.userId))) queued += await enqueueScores(client, userId, exerciseId);
  return queued;
}
