/**
 * Relabels past attempts with a known mistake's feedback: used when a cluster is turned into a known
 * mistake (lib/analytics/known-mistake.ts) and when a staged version that adds known mistakes is
 * published (lib/authoring/cores.ts publishStagedVersion). Lives in authoring so both may call it.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { createFingerprinter, fingerprintsEqual } from "@/lib/grading";
import { drawParameters, hasParameters, withParameters, type ExerciseVariable } from "@/lib/exercises/parameters";

/**
 * Past incorrect attempts of the step whose answer has the expression's fingerprint now carry its
 * feedback and point at the new KnownMistake (of the now-current version). Returns how many changed.
 */
export async function applyFeedbackToPastAttempts(
  client: PrismaClient,
  input: { exerciseId: string; stepKey: string; expression: string; feedback: string; variables: readonly ExerciseVariable[] },
): Promise<number> {
  const { exerciseId, stepKey, expression, feedback, variables } = input;
  // Set up once per set of parameter values (one set when the exercise has none): each student's
  // answers are compared with the mistake under their own numbers.
  const fingerprinters = new Map<string, { of: ((answer: string) => number[] | null) | null; target: number[] | null }>();
  const forUser = (userId: string) => {
    const values = hasParameters(variables) ? drawParameters(variables, exerciseId, userId) : {};
    const signature = JSON.stringify(values);
    let f = fingerprinters.get(signature);
    if (!f) {
      const of = createFingerprinter(withParameters(variables, values));
      f = { of, target: of === null ? null : of(expression) };
      fingerprinters.set(signature, f);
    }
    return { ...f, signature };
  };
  const current = await client.exercise.findUnique({
    where: { id: exerciseId },
    select: { currentVersion: { select: { steps: { where: { key: stepKey }, select: { mistakes: { orderBy: { position: "asc" }, select: { id: true, expression: true } } } } } } },
  });
  const mistakeId = current?.currentVersion?.steps[0]?.mistakes.findLast((m) => m.expression === expression)?.id ?? null;
  const attempts = await client.attempt.findMany({ where: { exerciseId, stepKey, verdict: "INCORRECT" }, select: { id: true, userId: true, answer: true, parsed: true } });
  // One fingerprint per distinct canonical form (and set of parameter values).
  const same = new Map<string, boolean>();
  const ids: string[] = [];
  for (const a of attempts) {
    const f = forUser(a.userId);
    if (f.of === null || f.target === null) continue;
    const key = `${f.signature}\u0000${a.parsed || a.answer}`;
    let match = same.get(key);
    if (match === undefined) {
      const fp = f.of(a.answer);
      match = fp !== null && fingerprintsEqual(fp, f.target);
      same.set(key, match);
    }
    if (match) ids.push(a.id);
  }
  // Prisma caps bound parameters per SQLite statement (999): update in chunks below it.
  let count = 0;
  for (let i = 0; i < ids.length; i += UPDATE_CHUNK) {
    const chunk = ids.slice(i, i + UPDATE_CHUNK);
    const result = await client.attempt.updateMany({ where: { id: { in: chunk } }, data: { feedback, mistakeId, diagnosis: "known-mistake" } });
    count += result.count;
  }
  return count;
}

const UPDATE_CHUNK = 500;
