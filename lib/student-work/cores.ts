/**
 * The student's work on an exercise, server side: Check (grade + store), hints, worked solutions
 * and drafts. Everything a student's browser receives goes through here, so this is where the key
 * is kept back: responses carry the verdict, the feedback and the student's OWN expression, never
 * the expected expression (until the solution may be revealed).
 *
 * The functions take the database client and an `authorize` function (lib/auth's
 * canAccessExercise in the app, a test double in tests), so they are testable without Next.
 */
import { z } from "zod";
import type { Db } from "@/lib/platform/db-client";
import { findExerciseBySlug, toVariableDefinition, type ExerciseWithContent } from "@/lib/exercises/queries";
import { recordGradedAttempt } from "@/lib/student-work/attempts";
import { saveDraft } from "@/lib/student-work/drafts";
import { getStepStatuses, recordHintReveal, recordSolutionReveal, stepStatus } from "@/lib/student-work/progress";
import { formRequirementSchema } from "@/lib/exercises/definition";
import {
  checkAnswerSchema,
  failureFromZod,
  revealHintSchema,
  revealSolutionSchema,
  saveDraftSchema,
  type ActionFailure,
} from "@/lib/student-work/schemas";
import { gradeAnswer, parseExpression, type StepKey, type Variable } from "@/lib/grading";
import { renderMarkdown } from "@/lib/platform/markdown";

/** The part of lib/auth's CurrentUser this module needs. */
export type WorkUser = { id: string; role: "STUDENT" | "INSTRUCTOR" };
/** Result of lib/auth/permissions canAccessExercise: the course context, or null when not allowed. */
export type ExerciseAccess = { courseId: string | null; dueAt: Date | null };
export type Authorize<U extends WorkUser = WorkUser> = (user: U, exerciseId: string) => Promise<ExerciseAccess | null>;

export type CheckResult =
  | ActionFailure
  | { ok: true; verdict: "invalid"; message: string; start: number; end: number }
  | {
      ok: true;
      verdict: "correct" | "incorrect";
      feedback: string;
      /** LaTeX of the student's own answer as the server read it. */
      latex: string;
      attempts: number;
      incorrect: number;
      solved: boolean;
      solutionAvailable: boolean;
      /** false for instructors trying the page: graded, not stored. */
      recorded: boolean;
    };

const NOT_FOUND: ActionFailure = { ok: false, status: 404, formError: "This exercise is not available to you." };
const STEP_GONE: ActionFailure = {
  ok: false,
  status: 409,
  formError: "This step no longer exists in the current version of the exercise: reload the page.",
};

type Loaded = {
  exercise: ExerciseWithContent;
  version: NonNullable<ExerciseWithContent["currentVersion"]>;
  step: NonNullable<ExerciseWithContent["currentVersion"]>["steps"][number];
  access: ExerciseAccess;
};

/** Loads the exercise with its key and checks access; the key never leaves this module raw. */
async function load<U extends WorkUser>(client: Db, user: U, slug: string, stepKey: string, authorize: Authorize<U>): Promise<Loaded | ActionFailure> {
  const exercise = await findExerciseBySlug(client, slug);
  if (!exercise || !exercise.currentVersion) return NOT_FOUND;
  if (user.role === "STUDENT" && !exercise.published) return NOT_FOUND;
  const access = await authorize(user, exercise.id);
  if (!access) return NOT_FOUND;
  const version = exercise.currentVersion;
  const step = version.steps.find((s) => s.key === stepKey);
  if (!step) return STEP_GONE;
  return { exercise, version, step, access };
}

/** The shared start of every step action: parse its input, then load the step it names (with access checked). */
async function parseAndLoad<T extends { slug: string; stepKey: string }, U extends WorkUser>(
  schema: z.ZodType<T>,
  rawInput: unknown,
  client: Db,
  user: U,
  authorize: Authorize<U>,
): Promise<(Loaded & { input: T }) | ActionFailure> {
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) return failureFromZod(parsed.error);
  const loaded = await load(client, user, parsed.data.slug, parsed.data.stepKey, authorize);
  if ("ok" in loaded) return loaded;
  return { ...loaded, input: parsed.data };
}

const stringList = z.array(z.string());

export function gradingVariables(version: Loaded["version"]): Variable[] {
  return version.variables.map(toVariableDefinition);
}

export function gradingKey(step: Loaded["step"]): StepKey {
  return {
    expected: step.expected,
    mistakes: step.mistakes.map((m) => ({ expression: m.expression, feedback: m.feedback })),
    ...(step.allowedVariables ? { allowedVariables: stringList.parse(JSON.parse(step.allowedVariables)) } : {}),
    ...(step.formRequirement ? { form: formRequirementSchema.parse(JSON.parse(step.formRequirement)) } : {}),
  };
}

/** May this student see the worked solution (and the expected expression) of the step now? */
export function solutionAvailable(
  step: { attemptsBeforeSolution: number },
  status: { incorrect: number; solved: boolean; solutionRevealed: boolean },
  access: ExerciseAccess,
  now: Date = new Date(),
): boolean {
  return (
    status.solved ||
    status.solutionRevealed ||
    status.incorrect >= step.attemptsBeforeSolution ||
    (access.dueAt !== null && access.dueAt.getTime() <= now.getTime())
  );
}

/**
 * Check one step: authenticate (caller), authorise, re-parse and grade on the server, store a
 * CORRECT/INCORRECT attempt with its seed, verdict and feedback (and update StepProgress in the
 * same transaction). Invalid input is answered with the parser's message and stores nothing.
 */
export async function checkAnswer<U extends WorkUser>(user: U, rawInput: unknown, client: Db, authorize: Authorize<U>): Promise<CheckResult> {
  const loaded = await parseAndLoad(checkAnswerSchema, rawInput, client, user, authorize);
  if ("ok" in loaded) return loaded;
  const { input, exercise, version, step, access } = loaded;

  // No seed passed: the engine derives it from the key, so the same answer always meets the
  // same points (stable verdicts on resubmission); the seed used is stored with the attempt.
  const result = gradeAnswer(input.answer, gradingKey(step), gradingVariables(version));
  if (result.verdict === "invalid") {
    return { ok: true, verdict: "invalid", message: result.error.message, start: result.error.start, end: result.error.end };
  }
  if (result.verdict === "error") {
    console.error(`[stepwise] step ${exercise.slug}/${step.key} cannot be graded: ${result.message}`);
    return { ok: false, status: 409, formError: "This step can't be graded right now (a problem with the exercise, not your answer). Please tell your instructor." };
  }
  const correct = result.verdict === "correct";
  const mistakeId =
    result.verdict === "incorrect" && result.mistakeIndex !== undefined ? (step.mistakes[result.mistakeIndex]?.id ?? null) : null;

  if (user.role !== "STUDENT") {
    // Instructors may try their exercises here; their Checks are not stored (no noise in analytics).
    return {
      ok: true,
      verdict: result.verdict,
      feedback: result.feedback,
      latex: result.latex,
      attempts: 0,
      incorrect: 0,
      solved: correct,
      solutionAvailable: true,
      recorded: false,
    };
  }

  const { progress } = await recordGradedAttempt(client, {
    userId: user.id,
    exerciseId: exercise.id,
    courseId: access.courseId,
    stepId: step.id,
    stepKey: step.key,
    answer: input.answer,
    parsed: result.canonical,
    verdict: correct ? "CORRECT" : "INCORRECT",
    feedback: result.feedback,
    diagnosis: result.verdict === "incorrect" ? result.diagnosis : null,
    mistakeId,
    seed: result.seed,
  });
  const solved = progress.solvedAt !== null;
  return {
    ok: true,
    verdict: result.verdict,
    feedback: result.feedback,
    latex: result.latex,
    attempts: progress.attempts,
    incorrect: progress.incorrect,
    solved,
    solutionAvailable: solutionAvailable(step, { incorrect: progress.incorrect, solved, solutionRevealed: progress.solutionRevealed }, access),
    recorded: true,
  };
}

export type HintResult = ActionFailure | { ok: true; hintIndex: number; html: string; hintsUsed: number; hintCount: number };

/** Reveal the next hint of a step. Hints come in order, one at a time; each reveal is recorded. */
export async function revealHint<U extends WorkUser>(user: U, rawInput: unknown, client: Db, authorize: Authorize<U>): Promise<HintResult> {
  const loaded = await parseAndLoad(revealHintSchema, rawInput, client, user, authorize);
  if ("ok" in loaded) return loaded;
  const { input, exercise, step } = loaded;
  const hint = step.hints[input.hintIndex];
  if (!hint) return { ok: false, status: 404, formError: "There are no more hints for this step." };

  if (user.role !== "STUDENT") {
    return { ok: true, hintIndex: input.hintIndex, html: renderMarkdown(hint.text), hintsUsed: input.hintIndex + 1, hintCount: step.hints.length };
  }
  const statuses = await getStepStatuses(client, user.id, exercise.id);
  const revealed = stepStatus(statuses, step.key).revealedHints;
  // One at a time: hint k only after hints 0..k-1 (asking again for a revealed one is fine).
  if (input.hintIndex > revealed.length) return { ok: false, status: 409, formError: "Reveal the earlier hints first." };
  const { hintsUsed } = await recordHintReveal(client, { userId: user.id, exerciseId: exercise.id, stepKey: step.key, hintIndex: input.hintIndex });
  return { ok: true, hintIndex: input.hintIndex, html: renderMarkdown(hint.text), hintsUsed, hintCount: step.hints.length };
}

export type SolutionResult = ActionFailure | { ok: true; solutionHtml: string; expectedLatex: string };

/** The worked solution and expected expression, once allowed (attempts used, due date passed, or solved). */
export function renderSolution(step: { solution: string; expected: string }, variableNames: string[]): { solutionHtml: string; expectedLatex: string } {
  const parsed = parseExpression(step.expected, { variables: variableNames });
  return {
    solutionHtml: step.solution.trim() ? renderMarkdown(step.solution) : "",
    expectedLatex: parsed.ok ? parsed.latex : "",
  };
}

export async function revealSolution<U extends WorkUser>(user: U, rawInput: unknown, client: Db, authorize: Authorize<U>): Promise<SolutionResult> {
  const loaded = await parseAndLoad(revealSolutionSchema, rawInput, client, user, authorize);
  if ("ok" in loaded) return loaded;
  const { exercise, version, step, access } = loaded;
  const names = version.variables.map((v) => v.name);
  if (user.role !== "STUDENT") return { ok: true, ...renderSolution(step, names) };

  const status = stepStatus(await getStepStatuses(client, user.id, exercise.id), step.key);
  if (!solutionAvailable(step, status, access)) {
    const left = step.attemptsBeforeSolution - status.incorrect;
    return { ok: false, status: 403, formError: `The solution opens after ${left} more incorrect attempt${left === 1 ? "" : "s"}.` };
  }
  await recordSolutionReveal(client, { userId: user.id, exerciseId: exercise.id, stepKey: step.key });
  return { ok: true, ...renderSolution(step, names) };
}

export type DraftResult = ActionFailure | { ok: true; savedAt: string };

/** Autosave one input's text. Only for exercises the user may open. */
export async function saveDraftFor<U extends WorkUser>(user: U, rawInput: unknown, client: Db, authorize: Authorize<U>): Promise<DraftResult> {
  const parsedInput = saveDraftSchema.safeParse(rawInput);
  if (!parsedInput.success) return failureFromZod(parsedInput.error);
  const input = parsedInput.data;
  // Drafts need no key: a light query instead of loading the whole exercise.
  const exercise = await client.exercise.findUnique({
    where: { slug: input.slug },
    select: { id: true, published: true, currentVersion: { select: { steps: { where: { key: input.stepKey }, select: { id: true } } } } },
  });
  if (!exercise || (user.role === "STUDENT" && !exercise.published)) return NOT_FOUND;
  if (!(await authorize(user, exercise.id))) return NOT_FOUND;
  if (!exercise.currentVersion?.steps.length) return STEP_GONE;
  const { updatedAt } = await saveDraft(client, { userId: user.id, exerciseId: exercise.id, stepKey: input.stepKey, text: input.text });
  return { ok: true, savedAt: updatedAt.toISOString() };
}
