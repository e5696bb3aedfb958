/**
 * Follow-through on the server: the student's latest answers to the steps a step follows from,
 * and the statuses of later steps, recomputed when an earlier answer changes. The rule itself is
 * lib/grading/follow-through.ts; this file only feeds it the student's own answers.
 */
import type { Db } from "@/lib/platform/db-client";
import { fastSql } from "@/lib/platform/fast-sql";
import { describeSteps } from "@/lib/exercises/step-names";
import { followsReferences, gradeWithFollowThrough, type FollowThroughResult, type Variable } from "@/lib/grading";
import type { StepKey } from "@/lib/grading";

export type LatestAnswer = { answer: string; verdict: "CORRECT" | "INCORRECT" | "INVALID" | "CARRIED_FORWARD" };

/**
 * The student's premise for each step key: the answer follow-through builds on. For a step the
 * student has solved it is their latest CORRECT answer — a wrong answer typed into a solved step
 * afterwards must not become a premise, or a student could solve steps 1 and 2, retype step 1 as
 * `0`, and get step 3 "carried forward" for `0` (a review found exactly that). Otherwise it is the
 * latest checked answer (stored attempts are always valid; invalid input is never stored). One query.
 */
export async function latestAnswers(client: Db, userId: string, exerciseId: string, stepKeys: readonly string[]): Promise<Map<string, LatestAnswer>> {
  if (stepKeys.length === 0) return new Map();
  // On the check path of every step that follows from others: a prepared statement (docs/decisions/012).
  const rows = await (await fastSql(client)).all<{ stepKey: string; answer: string; verdict: LatestAnswer["verdict"] }>(
    `SELECT "stepKey", "answer", "verdict" FROM "Attempt"
      WHERE "userId" = ? AND "exerciseId" = ? AND "stepKey" IN (${stepKeys.map(() => "?").join(", ")})
      ORDER BY "createdAt" ASC, "id" ASC`,
    [userId, exerciseId, ...stepKeys],
  );
  return premisesOf(rows);
}

/** The premise rule above, over one student's attempts in time order. */
export function premisesOf(rows: Iterable<{ stepKey: string; answer: string; verdict: LatestAnswer["verdict"] }>): Map<string, LatestAnswer> {
  const latest = new Map<string, LatestAnswer>();
  const correct = new Map<string, LatestAnswer>();
  for (const r of rows) {
    latest.set(r.stepKey, { answer: r.answer, verdict: r.verdict });
    if (r.verdict === "CORRECT") correct.set(r.stepKey, { answer: r.answer, verdict: r.verdict });
  }
  for (const [key, answer] of correct) latest.set(key, answer);
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
    steps: readonly StepForGrading[];
    /** The grading key of a step, built only for the steps that are re-judged. */
    keyOf: (stepKey: string) => StepKey;
    variables: readonly Variable[];
  },
): Promise<{ stepKey: string; carriedForward: boolean }[]> {
  const dependents = input.steps.filter((s) => s.follows && followsReferences(s.follows).includes(input.changedKey));
  if (dependents.length === 0) return [];
  // Only a step that IS carried forward (and unsolved) is re-judged, and it can only lose the
  // status: credit is earned by checking the step itself after its premises, never granted by
  // changing a premise under an answer given earlier (which would let premises be tuned to any
  // typed answer). Usually there is none: one query.
  const keysIn = dependents.map(() => "?").join(", ");
  const progress = await (await fastSql(client)).all<{ id: string; stepKey: string }>(
    `SELECT "id", "stepKey" FROM "StepProgress"
      WHERE "userId" = ? AND "exerciseId" = ? AND "solvedAt" IS NULL AND "carriedForward" = TRUE AND "stepKey" IN (${keysIn})`,
    [input.userId, input.exerciseId, ...dependents.map((d) => d.key)],
  );
  if (progress.length === 0) return [];
  const keys = new Set<string>(dependents.map((d) => d.key));
  for (const d of dependents) for (const k of followsReferences(d.follows!)) keys.add(k);
  const latest = await latestAnswers(client, input.userId, input.exerciseId, [...keys]);
  const changes: { stepKey: string; carriedForward: boolean }[] = [];
  for (const d of dependents) {
    const own = latest.get(d.key);
    const row = progress.find((p) => p.stepKey === d.key);
    if (!own || !row) continue;
    const r = gradeStepAnswer(own.answer, d, input.keyOf(d.key), input.variables, input.steps, latest);
    if (r.verdict === "carried-forward") continue;
    await client.stepProgress.update({ where: { id: row.id }, data: { carriedForward: false } });
    changes.push({ stepKey: d.key, carriedForward: false });
  }
  return changes;
}
