/**
 * "Turn into a known mistake": an instructor adds an unrecognised cluster's expression as a known
 * mistake with feedback. The exercise is saved through the authoring core (a new version when the
 * current one has attempts), only if every question test passes with the new mistake; then past
 * attempts in the cluster get the new feedback. A `(user, input, client)` core: the server action is a
 * thin wrapper, and the permission-matrix tests call it with a test database.
 */
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { isCourseOwner, mayEditExercise } from "@/lib/auth/policy";
import type { CurrentUser } from "@/lib/auth/types";
import { forbidden, invalid, unauthenticated, type ActionResult } from "@/lib/platform/action-result";
import { saveExercise } from "@/lib/authoring/cores";
import { findExerciseWithKey } from "@/lib/analytics/step-analytics";
import { toDefinition } from "@/lib/exercises/queries";
import { checkExercise, describeTestResult } from "@/lib/authoring/validation";
import { createFingerprinter, fingerprintsEqual } from "@/lib/grading";
import { drawParameters, hasParameters, withParameters, type ExerciseVariable } from "@/lib/exercises/parameters";

export const addKnownMistakeSchema = z
  .object({
    courseId: z.string().min(1).max(64),
    exerciseId: z.string().min(1).max(64),
    stepKey: z.string().min(1).max(64),
    expression: z.string().trim().min(1, "The mistake's expression is missing.").max(500),
    feedback: z.string().trim().min(1, "Write the feedback students will see for this mistake.").max(2000),
  })
  .strict();
export type AddKnownMistakeInput = z.input<typeof addKnownMistakeSchema>;

export type AddKnownMistakeResult = ActionResult<{ version: number; newVersion: boolean; updatedAttempts: number }>;

export async function addKnownMistakeFromCluster(client: PrismaClient, user: CurrentUser | null, input: unknown): Promise<AddKnownMistakeResult> {
  if (!user) return unauthenticated();
  const parsed = addKnownMistakeSchema.safeParse(input);
  if (!parsed.success) return invalid(z.flattenError(parsed.error).fieldErrors);
  const { courseId, exerciseId, stepKey, expression, feedback } = parsed.data;

  // Own course, exercise assigned there, and allowed to edit the exercise.
  if (!(await isCourseOwner(client, user, courseId))) return forbidden();
  const assignment = await client.assignment.findUnique({ where: { courseId_exerciseId: { courseId, exerciseId } }, select: { id: true } });
  if (!assignment) return { ok: false, status: 404, formError: "This exercise is not assigned in this course." };
  if (!(await mayEditExercise(client, user, exerciseId))) return forbidden("Only the exercise's author can add known mistakes to it.");

  const exercise = await findExerciseWithKey(client, exerciseId);
  if (!exercise?.currentVersion) return { ok: false, status: 404, formError: "No such exercise." };
  const def = toDefinition(exercise.slug, exercise.published, exercise.currentVersion);
  const stepIndex = def.steps.findIndex((s) => s.key === stepKey);
  const step = def.steps[stepIndex];
  if (!step) return { ok: false, status: 404, formError: "No such step." };
  const next = { ...def, steps: def.steps.map((s, i) => (i === stepIndex ? { ...s, mistakes: [...s.mistakes, { expression, feedback }] } : s)) };

  // The question tests (explicit and implicit: the new mistake must get its own feedback) must pass.
  const check = checkExercise(next);
  if (!check.ok || !check.exercise) {
    const errors = check.issues.filter((i) => i.severity === "error").map((i) => i.message);
    return { ok: false, status: 400, formError: `Not added: ${errors.join("; ") || "the exercise does not validate."}`, fieldErrors: { expression: errors } };
  }
  const failing = check.testResults.filter((r) => !r.passed);
  if (failing.length > 0) {
    return { ok: false, status: 400, formError: `Not added: question tests fail: ${failing.map((r) => describeTestResult(check.exercise, r)).join("; ")}` };
  }

  const saved = await saveExercise(client, user, { exerciseId, exercise: next });
  if (!saved.ok) return saved;

  const updatedAttempts = await applyFeedbackToPastAttempts(client, {
    exerciseId,
    stepKey,
    expression,
    feedback,
    variables: next.variables,
  });
  return { ok: true, version: saved.version, newVersion: saved.newVersion, updatedAttempts };
}

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
