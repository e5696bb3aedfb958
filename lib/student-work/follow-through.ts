/**
 * Follow-through on the server: the student's latest answers to the steps a step follows from,
 * and the statuses of later steps, recomputed when an earlier answer changes. The rule itself is
 * lib/grading/follow-through.ts; this file only feeds it the student's own answers.
 */
import type { Db } from "@/lib/platform/db-client";
import { describeSteps } from "@/lib/exercises/step-names";
import { followsReferences, gradeWithFollowThrough, type FollowThroughResult, type Variable } from "@/lib/grading";
import type { StepKey } from "@/lib/grading";

export type LatestAnswer = { answer: string; verdict: "CORRECT" | "INCORRECT" | "INVALID" | "CARRIED_FORWARD" };

/**
 * The student's latest checked answer per step key (stored attempts are always valid answers;
 * invalid input is never stored), for the given keys. One query.
 */
export async function latestAnswers(client: Db, userId: string, exerciseId: string, stepKeys: readonly string[]): Promise<Map<string, LatestAnswer>> {
  const latest = new Map<string, LatestAnswer>();
  if (stepKeys.length === 0) return latest;
  const rows = await client.attempt.findMany({
    where: { userId, exerciseId, stepKey: { in: [...stepKeys] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { stepKey: true, answer: true, verdict: true },
  });
  for (const r of rows) latest.set(r.stepKey, { answer: r.answer, verdict: r.verdict });
  return latest;
}

type StepForGrading = { key: string; title: string; follows: string | null };

/**
 * Grades an answer to `step` with follow-through from the student's latest earlier answers
 * (`latest`, by step key). Steps without `follows` are graded against their key only.
 */
export function gradeStepAnswer(
  answer: string,
  step: StepForGrading,
  key: StepKey,
  variables: readonly Variable[],
  steps: readonly StepForGrading[],
  latest: ReadonlyMap<string, LatestAnswer>,
): FollowThroughResult {
  const refs = step.follows ? followsReferences(step.follows) : [];
  const earlier = Object.fromEntries(refs.map((k) => [k, latest.get(k)?.answer]));
  const wrong = refs.filter((k) => latest.has(k) && latest.get(k)!.verdict !== "CORRECT");
  return gradeWithFollowThrough(answer, { ...key, ...(step.follows ? { follows: step.follows } : {}) }, variables, earlier, {
    describe: describeSteps(steps),
    wrong,
  });
}

/**
 * After a check of `changedKey`, later steps that follow from it are re-judged from the student's
 * latest answer to each: its status becomes carried-forward, or stops being so (e.g. the earlier
 * step was fixed, so the later answer no longer follows). Attempts are history and stay as they
 * were shown; only StepProgress.carriedForward changes. Solved steps are left alone. Returns the
 * dependent steps' new statuses, for the page to update them at once.
 */
export async function recomputeDependents(
  client: Db,
  input: {
    userId: string;
    exerciseId: string;
    changedKey: string;
    steps: readonly (StepForGrading & { gradingKey: StepKey })[];
    variables: readonly Variable[];
  },
): Promise<{ stepKey: string; carriedForward: boolean }[]> {
  const dependents = input.steps.filter((s) => s.follows && followsReferences(s.follows).includes(input.changedKey));
  if (dependents.length === 0) return [];
  const keys = new Set<string>(dependents.map((d) => d.key));
  for (const d of dependents) for (const k of followsReferences(d.follows!)) keys.add(k);
  const [latest, progress] = await Promise.all([
    latestAnswers(client, input.userId, input.exerciseId, [...keys]),
    client.stepProgress.findMany({ where: { userId: input.userId, exerciseId: input.exerciseId, stepKey: { in: dependents.map((d) => d.key) } } }),
  ]);
  const changes: { stepKey: string; carriedForward: boolean }[] = [];
  for (const d of dependents) {
    const own = latest.get(d.key);
    const row = progress.find((p) => p.stepKey === d.key);
    if (!own || !row || row.solvedAt !== null) continue;
    const r = gradeStepAnswer(own.answer, d, d.gradingKey, input.variables, input.steps, latest);
    const carriedForward = r.verdict === "carried-forward";
    if (carriedForward !== row.carriedForward) {
      await client.stepProgress.update({ where: { id: row.id }, data: { carriedForward } });
    }
    changes.push({ stepKey: d.key, carriedForward });
  }
  return changes;
}
