/**
 * The student's work on an exercise, server side: Check (grade + store), hints, worked solutions
 * and drafts. Everything a student's browser receives goes through here, so this is where the key
 * is kept back: responses carry the verdict, the feedback and the student's OWN expression, never
 * the expected expression (until the solution may be revealed).
 *
 * Every core has the app's one signature `(client, user | null, input, mode?)` and asks
 * lib/auth/policy itself who may open the exercise. `mode.preview` is the author's "preview as
 * student": the same pipeline, for the exercise's editors only, on its current version even when
 * unpublished, and nothing is recorded (no attempt, progress, draft or reveal).
 */
import { z } from "zod";
import type { Db } from "@/lib/platform/db-client";
import { failureFromZod, notFound, unauthenticated, type ActionFailure } from "@/lib/platform/action-result";
import { exerciseAccess, exerciseCourses, mayEditExercise, type ExerciseAccess } from "@/lib/auth/policy";
import type { CurrentUser } from "@/lib/auth/types";
import { consumeCheck } from "@/lib/auth/check-limit";
import { findExerciseBySlugCached, toVariableDefinition, type ExerciseWithContent } from "@/lib/exercises/queries";
import { recordGradedAttempt } from "@/lib/student-work/attempts";
import { saveDraft } from "@/lib/student-work/drafts";
import { getStepStatuses, recordHintReveal, recordSolutionReveal, stepStatus } from "@/lib/student-work/progress";
import { courseStepStatusOf } from "@/lib/student-work/course-status";
import { formRequirementSchema } from "@/lib/exercises/definition";
import { checkAnswerSchema, revealHintSchema, revealSolutionSchema, saveDraftSchema } from "@/lib/student-work/schemas";
import { answerCurve, followsReferences, gradeAnswer, parseExpression, parseOptionsFor, type StepKey, type Variable } from "@/lib/grading";
import { renderAnswerPlot, type AnswerPlot } from "@/lib/student-work/answer-plot";
import { latexToPlainText } from "@/lib/platform/latex-plain";
import { gradeStepAnswer, latestAnswers, recomputeDependents } from "@/lib/student-work/follow-through";
import { renderInlineMarkdown, renderMarkdown } from "@/lib/platform/markdown";
import { drawParameters, fillParameters, withParameters, type ParameterValues } from "@/lib/exercises/parameters";

export type { ExerciseAccess } from "@/lib/auth/policy";

/** How a core runs: for a student (recorded), or as the author's preview of one exercise (never recorded). */
export type WorkMode = { preview?: { exerciseId: string; /** Redraw number of the author's per-student parameters (0 = their own). */ draw?: number } };

/** A later step whose status changed because this check changed an answer it follows from. */
export type DependentStatus = { stepKey: string; carriedForward: boolean };

export type CheckResult =
  | ActionFailure
  | { ok: true; verdict: "invalid"; message: string; start: number; end: number }
  | {
      ok: true;
      /** carried-forward: done correctly from the student's own wrong earlier answers (follow-through). */
      verdict: "correct" | "incorrect" | "carried-forward";
      feedback: string;
      /** The feedback as the student sees it: author Markdown with $…$ math, rendered and sanitised. */
      feedbackHtml: string;
      /** LaTeX of the student's own answer as the server read it. */
      latex: string;
      attempts: number;
      incorrect: number;
      solved: boolean;
      solutionAvailable: boolean;
      /** false for instructors trying the page and for previews: graded, not stored. */
      recorded: boolean;
      /** A check of a step already solved: stored as practice, not counted as an attempt (issue 17 item 4). */
      practice: boolean;
      /** The step was solved only after its worked solution was revealed. */
      solvedAfterSolution: boolean;
      /** Later steps re-judged because they follow from this one. */
      dependents: DependentStatus[];
    };

/** The 401 of the student's page says what happens to the typed text (it is kept in the browser). */
const SESSION_ENDED = "Your session has ended: sign in again (your text is kept).";
const NOT_FOUND = notFound("This exercise is not available to you.");
const CHOOSE_COURSE: ActionFailure = {
  ok: false,
  status: 409,
  formError: "This exercise is assigned in several of your courses: open it from the course you are working in.",
};
const STEP_GONE: ActionFailure = {
  ok: false,
  status: 409,
  formError: "This step no longer exists in the current version of the exercise: reload the page.",
};

type Loaded = {
  user: CurrentUser;
  exercise: ExerciseWithContent;
  version: NonNullable<ExerciseWithContent["currentVersion"]>;
  step: NonNullable<ExerciseWithContent["currentVersion"]>["steps"][number];
  access: ExerciseAccess;
  /** Whether this request's work is stored: enrolled in the course, outside preview. */
  record: boolean;
  /** This user's per-student parameters (empty when the exercise has none). */
  params: ParameterValues;
};

/**
 * Who may work on the exercise, and in which course: lib/auth/policy.exerciseAccess in the
 * course named (`courseId`; omitted = the user's only course for it; null = the editors'
 * course-less view); in preview, the exercise's
 * editors (mayEditExercise), with no course. Returns null when the user may not (the caller
 * answers 404, never confirming it exists).
 */
export async function workAccess(
  client: Db,
  user: CurrentUser,
  exercise: { id: string; published: boolean },
  mode: WorkMode,
  courseId?: string | null,
): Promise<ExerciseAccess | null> {
  if (mode.preview) {
    if (mode.preview.exerciseId !== exercise.id || !(await mayEditExercise(client, user, exercise.id))) return null;
    return { courseId: null, dueAt: null, seesKey: true, enrolled: false };
  }
  if (user.role === "STUDENT" && !exercise.published) return null;
  return exerciseAccess(client, user, exercise.id, courseId);
}

/** A 404 — or, when the course was left out and several of the user's courses assign the exercise, a 409 asking for one. */
async function noAccess(client: Db, user: CurrentUser, exerciseId: string, courseId: string | undefined, mode: WorkMode): Promise<ActionFailure> {
  if (courseId === undefined && !mode.preview && (await exerciseCourses(client, user, exerciseId)).length > 1) return CHOOSE_COURSE;
  return NOT_FOUND;
}

/** Loads the exercise with its key and checks access; the key never leaves this module raw. */
async function load(client: Db, user: CurrentUser, slug: string, stepKey: string, courseId: string | undefined, mode: WorkMode): Promise<Loaded | ActionFailure> {
  const exercise = await findExerciseBySlugCached(client, slug);
  if (!exercise || !exercise.currentVersion) return NOT_FOUND;
  const access = await workAccess(client, user, exercise, mode, courseId);
  if (!access) return noAccess(client, user, exercise.id, courseId, mode);
  const version = exercise.currentVersion;
  const step = version.steps.find((s) => s.key === stepKey);
  if (!step) return STEP_GONE;
  const params = studentParameters(version, exercise.id, user.id, mode);
  return { user, exercise, version, step, access, record: !mode.preview && access.enrolled, params };
}

/** The shared start of every step core: the user, then its input (zod), then the step it names (with access checked). */
async function parseAndLoad<T extends { slug: string; stepKey: string; courseId?: string }>(
  schema: z.ZodType<T>,
  client: Db,
  user: CurrentUser | null,
  rawInput: unknown,
  mode: WorkMode,
): Promise<(Loaded & { input: T }) | ActionFailure> {
  if (!user) return unauthenticated(SESSION_ENDED);
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) return failureFromZod(parsed.error);
  const loaded = await load(client, user, parsed.data.slug, parsed.data.stepKey, parsed.data.courseId, mode);
  if ("ok" in loaded) return loaded;
  return { ...loaded, input: parsed.data };
}

const stringList = z.array(z.string());

/** The variables a student is graded with: their own parameter values as constants. */
export function gradingVariables(version: Loaded["version"], params: ParameterValues): Variable[] {
  return withParameters(version.variables.map(toVariableDefinition), params);
}

/** The user's parameters for this exercise (the author's preview may redraw them). Deterministic. */
export function studentParameters(version: { variables: Loaded["version"]["variables"] }, exerciseId: string, userId: string, mode: WorkMode = {}): ParameterValues {
  return drawParameters(version.variables.map(toVariableDefinition), exerciseId, userId, mode.preview?.draw ?? 0);
}

export function gradingKey(step: Loaded["step"]): StepKey {
  return {
    expected: step.expected,
    mistakes: step.mistakes.map((m) => ({ expression: m.expression, feedback: m.feedback })),
    ...(step.allowedVariables ? { allowedVariables: stringList.parse(JSON.parse(step.allowedVariables)) } : {}),
    ...(step.formRequirement ? { form: formRequirementSchema.parse(JSON.parse(step.formRequirement)) } : {}),
  };
}

/**
 * May this user see the worked solution (and the expected expression) of the step now? The
 * exercise's editors always (access.seesKey); anyone else by the rules of the course they work
 * in: solved, revealed in this course, enough incorrect attempts in this course, or this
 * course's due date passed (docs/decisions/009). `status.incorrect` and `solutionRevealed` must be
 * the course's own (lib/student-work/course-status.ts).
 */
export function solutionAvailable(
  step: { attemptsBeforeSolution: number },
  status: { incorrect: number; solved: boolean; solutionRevealed: boolean },
  access: ExerciseAccess,
  now: Date = new Date(),
): boolean {
  return (
    access.seesKey ||
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
export async function checkAnswer(client: Db, user: CurrentUser | null, rawInput: unknown, mode: WorkMode = {}): Promise<CheckResult> {
  // Counted first, before any parsing or loading: a burst is refused before it costs (item 5 of #13).
  const slowDown = user ? await consumeCheck(client, user.id) : null;
  if (slowDown) return slowDown;
  const loaded = await parseAndLoad(checkAnswerSchema, client, user, rawInput, mode);
  if ("ok" in loaded) return loaded;
  const { input, exercise, version, step, access } = loaded;

  // Follow-through reads the student's latest answers to the steps this one follows from (and, for
  // the record, to nothing else). No seed passed: the engine derives it from the key, so the same
  // answer always meets the same points (stable verdicts on resubmission); the seed is stored.
  const steps = stepsForGrading(version);
  const refs = step.follows ? followsReferences(step.follows) : [];
  const latest = refs.length > 0 ? await latestAnswers(client, loaded.user.id, exercise.id, refs) : new Map();
  const variables = gradingVariables(version, loaded.params);
  const result = gradeStepAnswer(input.answer, step, gradingKey(step), variables, steps, latest);
  if (result.verdict === "invalid") {
    // A shape error costs nothing, but the instructor's analytics show which ones students hit.
    if (result.error.kind === "shape" && loaded.record) {
      await client.shapeErrorEvent.create({
        data: { userId: loaded.user.id, exerciseId: exercise.id, courseId: access.courseId, stepKey: step.key, message: result.error.message.slice(0, 500) },
      });
    }
    return { ok: true, verdict: "invalid", message: result.error.message, start: result.error.start, end: result.error.end };
  }
  if (result.verdict === "error") {
    console.error(`[stepwise] step ${exercise.slug}/${step.key} cannot be graded: ${result.message}`);
    return { ok: false, status: 409, formError: "This step can't be graded right now (a problem with the exercise, not your answer). Please tell your instructor." };
  }
  const correct = result.verdict === "correct";
  const feedbackHtml = renderInlineMarkdown(fillParameters(result.feedback, loaded.params));
  const mistakeId =
    result.verdict === "incorrect" && result.mistakeIndex !== undefined ? (step.mistakes[result.mistakeIndex]?.id ?? null) : null;

  // What the student reads, whether or not the check is stored.
  const answered = { ok: true as const, verdict: result.verdict, feedback: result.feedback, feedbackHtml, latex: result.latex };
  if (!loaded.record) {
    // Instructors trying an exercise and previews are graded, not stored (no noise in analytics).
    return {
      ...answered,
      attempts: 0,
      incorrect: 0,
      solved: correct,
      // Only the exercise's editors see keys at once; a course owner follows the course's due date.
      solutionAvailable: solutionAvailable(step, { incorrect: 0, solved: correct, solutionRevealed: false }, access),
      recorded: false,
      practice: false,
      solvedAfterSolution: false,
      dependents: [],
    };
  }

  const { progress, practice } = await recordGradedAttempt(client, {
    userId: loaded.user.id,
    exerciseId: exercise.id,
    courseId: access.courseId,
    stepId: step.id,
    stepKey: step.key,
    answer: input.answer,
    parsed: result.canonical,
    verdict: correct ? "CORRECT" : result.verdict === "carried-forward" ? "CARRIED_FORWARD" : "INCORRECT",
    feedback: result.feedback,
    diagnosis: result.verdict === "incorrect" ? result.diagnosis : result.verdict === "carried-forward" ? "carried-forward" : null,
    mistakeId,
    seed: result.seed,
  });
  // Later steps that follow from this one are re-judged against the answer just given. Not after
  // practice: a solved step's premise stays its correct answer (follow-through.ts premisesOf).
  const dependents = practice ? [] : await recomputeDependents(client, {
    userId: loaded.user.id,
    exerciseId: exercise.id,
    changedKey: step.key,
    steps,
    keyOf: (key) => gradingKey(version.steps.find((s) => s.key === key)!),
    variables,
  });
  const solved = progress.solvedAt !== null;
  return {
    ...answered,
    attempts: progress.attempts,
    incorrect: progress.incorrect,
    solved,
    solutionAvailable: await solutionAvailableAfterCheck(client, loaded, progress, solved),
    recorded: true,
    practice,
    solvedAfterSolution: progress.solvedAfterSolution,
    dependents,
  };
}

/**
 * After a recorded check: the course's own attempts and reveals decide (issue #13 item 2). They
 * are a subset of the exercise-wide StepProgress counts, so when those say "not yet" the course's
 * say so too and nothing more is read — on the hot path, extra reads next to concurrent write
 * transactions made SQLite hand out SQLITE_BUSY in the multi-process test.
 */
async function solutionAvailableAfterCheck(
  client: Db,
  loaded: Loaded,
  progress: { incorrect: number; solutionRevealed: boolean },
  solved: boolean,
): Promise<boolean> {
  const { step, access, exercise } = loaded;
  if (!solutionAvailable(step, { incorrect: progress.incorrect, solved, solutionRevealed: progress.solutionRevealed }, access)) return false;
  if (solutionAvailable(step, { incorrect: 0, solved, solutionRevealed: false }, access)) return true;
  const here = await courseStepStatusOf(client, loaded.user.id, exercise.id, access.courseId, step.key);
  return solutionAvailable(step, { ...here, solved }, access);
}

/** The steps of a version as follow-through needs them (key, title for the pointer, declaration). */
function stepsForGrading(version: Loaded["version"]) {
  return version.steps.map((s) => ({ key: s.key, title: s.title, follows: s.follows }));
}

export type HintResult = ActionFailure | { ok: true; hintIndex: number; html: string; hintsUsed: number; hintCount: number };

/** Reveal the next hint of a step. Hints come in order, one at a time; each reveal is recorded. */
export async function revealHint(client: Db, user: CurrentUser | null, rawInput: unknown, mode: WorkMode = {}): Promise<HintResult> {
  const loaded = await parseAndLoad(revealHintSchema, client, user, rawInput, mode);
  if ("ok" in loaded) return loaded;
  const { input, exercise, step } = loaded;
  const hint = step.hints[input.hintIndex];
  if (!hint) return { ok: false, status: 404, formError: "There are no more hints for this step." };

  if (!loaded.record) {
    return { ok: true, hintIndex: input.hintIndex, html: renderMarkdown(fillParameters(hint.text, loaded.params)), hintsUsed: input.hintIndex + 1, hintCount: step.hints.length };
  }
  const statuses = await getStepStatuses(client, loaded.user.id, exercise.id);
  const revealed = stepStatus(statuses, step.key).revealedHints;
  // One at a time: hint k only after hints 0..k-1 (asking again for a revealed one is fine).
  if (input.hintIndex > revealed.length) return { ok: false, status: 409, formError: "Reveal the earlier hints first." };
  const { hintsUsed } = await recordHintReveal(client, { userId: loaded.user.id, exerciseId: exercise.id, stepKey: step.key, hintIndex: input.hintIndex });
  return { ok: true, hintIndex: input.hintIndex, html: renderMarkdown(fillParameters(hint.text, loaded.params)), hintsUsed, hintCount: step.hints.length };
}

export type SolutionResult = ActionFailure | { ok: true; solutionHtml: string; expectedLatex: string };

/** The worked solution and expected expression, once allowed (attempts used, due date passed, or solved). */
export function renderSolution(
  step: { solution: string; expected: string },
  variables: readonly Variable[],
  params: ParameterValues = {},
): { solutionHtml: string; expectedLatex: string } {
  // The variables, not only their names: a matrix key prints with display names and its shape.
  const parsed = parseExpression(step.expected, parseOptionsFor(variables));
  return {
    solutionHtml: step.solution.trim() ? renderMarkdown(fillParameters(step.solution, params)) : "",
    expectedLatex: parsed.ok ? parsed.latex : "",
  };
}

export async function revealSolution(client: Db, user: CurrentUser | null, rawInput: unknown, mode: WorkMode = {}): Promise<SolutionResult> {
  const loaded = await parseAndLoad(revealSolutionSchema, client, user, rawInput, mode);
  if ("ok" in loaded) return loaded;
  const { exercise, version, step, access } = loaded;
  const variables = gradingVariables(version, loaded.params);
  if (!loaded.record) {
    // Not a student here (preview, editors, the owner of a course assigning someone else's
    // exercise): only the editors' key rule or the course's due date opens it (docs/decisions/009).
    if (!solutionAvailable(step, { incorrect: 0, solved: false, solutionRevealed: false }, access)) {
      return { ok: false, status: 403, formError: "The worked solution opens at the course's due date." };
    }
    return { ok: true, ...renderSolution(step, variables, loaded.params) };
  }

  const solved = stepStatus(await getStepStatuses(client, loaded.user.id, exercise.id), step.key).solved;
  const here = await courseStepStatusOf(client, loaded.user.id, exercise.id, access.courseId, step.key);
  if (!solutionAvailable(step, { ...here, solved }, access)) {
    const left = step.attemptsBeforeSolution - here.incorrect;
    return { ok: false, status: 403, formError: `The solution opens after ${left} more incorrect attempt${left === 1 ? "" : "s"}.` };
  }
  // Recorded work always has a course (access.enrolled): the reveal belongs to it.
  await recordSolutionReveal(client, { userId: loaded.user.id, exerciseId: exercise.id, stepKey: step.key, courseId: access.courseId! });
  return { ok: true, ...renderSolution(step, variables, loaded.params) };
}

export type PlotResult = ActionFailure | ({ ok: true } & AnswerPlot);

/**
 * A plot of the student's answer against the key, after an incorrect verdict. For a student it is
 * drawn only for an answer they have already CHECKED as incorrect on this step (a stored attempt):
 * a plot shows where the key lies above or below the answer, so free plots of arbitrary expressions
 * would be an oracle for the key. The key's own curve appears only once the worked solution is
 * available (answer-plot.ts) — in the course the student works in (docs/decisions/009). The
 * exercise's editors and previews see both curves; anyone else not recorded (the owner of a
 * course assigning someone else's exercise) only once the course's due date has passed.
 */
export async function plotAnswer(client: Db, user: CurrentUser | null, rawInput: unknown, mode: WorkMode = {}): Promise<PlotResult> {
  const loaded = await parseAndLoad(checkAnswerSchema, client, user, rawInput, mode);
  if ("ok" in loaded) return loaded;
  const { input, exercise, version, step, access } = loaded;
  const variables = gradingVariables(version, loaded.params);
  let keyShown = true;
  if (loaded.record) {
    const checked = await client.attempt.findFirst({
      // Checked in this course, against this version's key: each plot costs an incorrect attempt here.
      where: { userId: loaded.user.id, exerciseId: exercise.id, stepId: step.id, courseId: access.courseId, answer: input.answer, verdict: "INCORRECT" },
      select: { id: true },
    });
    if (!checked) return { ok: false, status: 409, formError: "Check this answer first: plots are drawn for answers you have checked." };
    const solved = stepStatus(await getStepStatuses(client, loaded.user.id, exercise.id), step.key).solved;
    const here = await courseStepStatusOf(client, loaded.user.id, exercise.id, access.courseId, step.key);
    keyShown = solutionAvailable(step, { ...here, solved }, access);
  } else if (gradeAnswer(input.answer, gradingKey(step), variables).verdict !== "incorrect") {
    return { ok: false, status: 409, formError: "Plots are drawn for incorrect answers." };
  } else {
    keyShown = solutionAvailable(step, { incorrect: 0, solved: false, solutionRevealed: false }, access);
  }
  const curve = answerCurve(input.answer, step.expected, variables);
  if (!curve) return { ok: false, status: 400, formError: "This answer can't be plotted: it has no variable to plot along." };
  return { ok: true, ...renderAnswerPlot(curve, { keyShown, stepName: latexToPlainText(step.title) || step.key, id: step.key }) };
}

export type DraftResult = ActionFailure | { ok: true; savedAt: string };

/** Autosave one input's text. Only for exercises the user may open. */
export async function saveDraftFor(client: Db, user: CurrentUser | null, rawInput: unknown, mode: WorkMode = {}): Promise<DraftResult> {
  if (!user) return unauthenticated(SESSION_ENDED);
  const parsedInput = saveDraftSchema.safeParse(rawInput);
  if (!parsedInput.success) return failureFromZod(parsedInput.error);
  const input = parsedInput.data;
  // The exercise's head (one prepared statement) and its current version from the in-process
  // cache, as for a check: a draft is saved on every pause in typing (docs/decisions/012).
  const exercise = await findExerciseBySlugCached(client, input.slug);
  if (!exercise) return NOT_FOUND;
  if (!(await workAccess(client, user, exercise, mode, input.courseId))) return noAccess(client, user, exercise.id, input.courseId, mode);
  if (!exercise.currentVersion?.steps.some((s) => s.key === input.stepKey)) return STEP_GONE;
  // Drafts are not kept in preview; the workspace still shows "saved" for its own text.
  if (mode.preview) return { ok: true, savedAt: new Date().toISOString() };
  const { updatedAt } = await saveDraft(client, { userId: user.id, exerciseId: exercise.id, stepKey: input.stepKey, text: input.text });
  return { ok: true, savedAt: updatedAt.toISOString() };
}
