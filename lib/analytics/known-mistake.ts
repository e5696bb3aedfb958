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
import { findStagedVersion, toDefinition } from "@/lib/exercises/queries";
import { checkExercise, describeTestResult } from "@/lib/authoring/validation";
import { applyFeedbackToPastAttempts } from "@/lib/authoring/past-feedback";

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

/** `staged`: added to the draft of the next version (a published exercise); past attempts get the feedback when it is published. */
export type AddKnownMistakeResult = ActionResult<{ version: number; newVersion: boolean; staged: boolean; updatedAttempts: number }>;

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
  // On top of the staged draft when there is one, so the author's other pending edits are kept.
  const staged = await findStagedVersion(client, exerciseId);
  const def = toDefinition(exercise.slug, exercise.published, staged ?? exercise.currentVersion);
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
  if (saved.staged) return { ok: true, version: saved.version, newVersion: true, staged: true, updatedAttempts: 0 };

  const updatedAttempts = await applyFeedbackToPastAttempts(client, {
    exerciseId,
    stepKey,
    expression,
    feedback,
    variables: next.variables,
  });
  return { ok: true, version: saved.version, newVersion: saved.newVersion, staged: false, updatedAttempts };
}

export { applyFeedbackToPastAttempts } from "@/lib/authoring/past-feedback";
