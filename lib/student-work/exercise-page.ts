import "server-only";
import { cache } from "react";
import { db } from "@/lib/platform/db";
import { requireUser, type CurrentUser } from "@/lib/auth/session";
import { findExerciseBySlugCached, getStudentExercise, type StudentExercise } from "@/lib/exercises/queries";
import { getDrafts } from "@/lib/student-work/drafts";
import { checkHistory, type LastCheck } from "@/lib/student-work/attempts";
import { renderInlineMarkdown } from "@/lib/platform/markdown";
import { paletteFor } from "@/lib/student-work/palette";
import { getStepStatuses, getStudentProgress, nextExercise, stepStatus } from "@/lib/student-work/progress";
import { parseExpression, parseOptionsFromNames, type MatrixNames } from "@/lib/grading";
import { renderMarkdown, renderMath } from "@/lib/platform/markdown";
import { gradingVariables, renderSolution, solutionAvailable, workAccess, type ExerciseAccess, type WorkMode } from "@/lib/student-work/cores";
import { courseStepStatus, courseStepStatuses } from "@/lib/student-work/course-status";
import { exerciseCourses, type ExerciseCourse } from "@/lib/auth/policy";
import { describeParameters, drawParameters, fillParameters } from "@/lib/exercises/parameters";
import { latexToPlainText } from "@/lib/platform/latex-plain";

/**
 * Everything the exercise page sends to the browser, built on the server from student-safe
 * queries. The answer key is read only for steps whose solution this student has revealed.
 */
export type StepView = {
  key: string;
  number: number;
  titleHtml: string;
  /** Plain-text title for accessible names ("dL/da"). */
  titleText: string;
  titleLatex: string;
  promptHtml: string;
  variables: string[];
  hintCount: number;
  revealedHints: { index: number; html: string }[];
  attemptsBeforeSolution: number;
  attempts: number;
  incorrect: number;
  solved: boolean;
  /** Solved only after the worked solution was revealed (shown differently from a real solve). */
  solvedAfterSolution: boolean;
  /** The latest answer follows correctly from wrong earlier answers (follow-through). */
  carriedForward: boolean;
  solutionAvailable: boolean;
  solution: { solutionHtml: string; expectedLatex: string } | null;
  /** LaTeX of the student's accepted answer, when solved. */
  acceptedLatex: string | null;
  draft: string | null;
  /** The last check of this step (shown again after a reload when the box still holds its text). */
  lastCheck: { answer: string; verdict: "correct" | "incorrect" | "carried-forward"; feedback: string; feedbackHtml: string; latex: string; practice: boolean } | null;
  /** When the server draft was saved (ISO), to tell it from older unsent text in this browser. */
  draftSavedAt?: string | null;
};

export type ExerciseWorkspaceData = {
  exerciseId: string;
  /** The course the work belongs to (null: the editors' course-less view, previews). */
  courseId: string | null;
  /** The next exercise of the course that is not complete (shown once this one is), or null. */
  next: { href: string; title: string } | null;
  slug: string;
  title: string;
  statementHtml: string;
  variables: { name: string; description: string }[];
  allVariables: string[];
  /** A matrix exercise's shapes and display names (not key material: getStudentExercise), for the live preview. */
  matrix: MatrixNames | null;
  /** A scalar exercise's display names ([name, LaTeX]) for the preview. */
  displayNames: [string, string][];
  dueAt: string | null;
  duePassed: boolean;
  steps: StepView[];
  /** This student's per-student parameters ("lam = 0.2"), or "" when the exercise has none. */
  parameters: string;
  /** Graded and stored? (Instructors' Checks are graded but not recorded.) */
  recorded: boolean;
  /** The author's "preview as student": nothing is stored, drafts included. */
  preview: boolean;
  /** The symbol palette's function buttons for this exercise (paletteFor). */
  palette: string[];
};

type LoadedPage = { user: CurrentUser; exercise: StudentExercise; access: ExerciseAccess };

/** The exercise page's address in a course (`/courses/[courseId]/exercises/[slug]`), or the course-less one. */
export function exercisePath(slug: string, courseId: string | null): string {
  const tail = `/exercises/${encodeURIComponent(slug)}`;
  return courseId ? `/courses/${encodeURIComponent(courseId)}${tail}` : tail;
}

/**
 * Page loader: the user (or redirect to sign-in), the exercise (or null = 404) and the access in
 * the course of the address (issue #13 item 2), decided by the same rule as the cores
 * (workAccess). `courseId` null is the course-less page, which only the exercise's editors get.
 * For a preview, `slug` is found from the exercise id and only the exercise's editors get it.
 */
export const loadExerciseForUser = cache(async (slug: string, courseId: string | null): Promise<LoadedPage | null> => {
  const user = await requireUser({ next: exercisePath(slug, courseId) });
  // Prisma refuses no string, but an absurd id is simply not a course: skip the queries.
  if (courseId !== null && courseId.length > 64) return null;
  return loadFor(user, slug, {}, courseId);
});

/**
 * For the course-less address `/exercises/[slug]`: the courses in which this user may open the
 * exercise (the page redirects when there is exactly one and offers the choice otherwise), and
 * whether the user may use the course-less editors' view.
 */
export async function exerciseChoices(user: CurrentUser, slug: string): Promise<{ courses: ExerciseCourse[]; editorView: boolean } | null> {
  const exercise = await getStudentExercise(db, slug);
  if (!exercise) return null;
  const [courses, editorView] = await Promise.all([
    exerciseCourses(db, user, exercise.id),
    workAccess(db, user, exercise, {}, undefined).then((a) => a !== null && a.courseId === null),
  ]);
  return { courses, editorView };
}

export async function loadExercisePreview(user: CurrentUser, exerciseId: string): Promise<LoadedPage | null> {
  const row = await db.exercise.findUnique({ where: { id: exerciseId }, select: { slug: true } });
  return row ? loadFor(user, row.slug, { preview: { exerciseId } }) : null;
}

async function loadFor(user: CurrentUser, slug: string, mode: WorkMode, courseId?: string | null): Promise<LoadedPage | null> {
  const exercise = await getStudentExercise(db, slug);
  if (!exercise) return null;
  const access = await workAccess(db, user, exercise, mode, courseId);
  return access ? { user, exercise, access } : null;
}

/**
 * The exercise page's view model. In preview (`mode.preview`) it is a fresh student's view of the
 * current version: no progress, drafts or reveals are read, and solutions are available.
 */
export async function buildWorkspace(user: CurrentUser, exercise: StudentExercise, access: ExerciseAccess, mode: WorkMode = {}): Promise<ExerciseWorkspaceData> {
  const preview = mode.preview !== undefined;
  const [statuses, drafts, { accepted, last: checks }, inCourse] = preview
    ? [new Map(), {} as Awaited<ReturnType<typeof getDrafts>>, { accepted: new Map<string, string>(), last: new Map<string, LastCheck>() }, new Map()]
    : await Promise.all([
        getStepStatuses(db, user.id, exercise.id),
        getDrafts(db, user.id, exercise.id),
        checkHistory(db, user.id, exercise.id),
        // Solutions are decided by the course's own attempts and reveals (issue #13 item 2).
        courseStepStatuses(db, user.id, exercise.id, access.courseId),
      ]);
  const now = new Date();
  const next = await nextInCourse(user.id, access.courseId, exercise.slug, preview);
  const allVariables = exercise.variables.map((v) => v.name);
  const params = drawParameters(
    exercise.parameters.map((p) => ({ name: p.name, parameter: p.values })),
    exercise.id,
    user.id,
    mode.preview?.draw ?? 0,
  );
  const fill = (text: string) => fillParameters(text, params);

  // Revealed hints' text, and the key only for steps whose solution was revealed: both from the
  // cached version (no query), read only when something was revealed.
  const anyRevealed = exercise.steps.some((s) => stepStatus(statuses, s.key).revealedHints.length > 0);
  const needsKey = exercise.steps.some((s) => courseStepStatus(inCourse, s.key).solutionRevealed);
  const full = anyRevealed || needsKey ? ((await findExerciseBySlugCached(db, exercise.slug))?.currentVersion ?? null) : null;
  const hints = anyRevealed && full ? full.steps.flatMap((s) => s.hints.map((h) => ({ stepId: s.id, position: h.position, text: h.text }))) : [];

  // The student's own answer and the feedback they were given: nothing from the key.
  const lastCheckView = (c: LastCheck | undefined): StepView["lastCheck"] => {
    if (!c) return null;
    const verdict = c.verdict === "CORRECT" ? "correct" : c.verdict === "CARRIED_FORWARD" ? "carried-forward" : "incorrect";
    const parsed = parseExpression(c.answer, parseOptionsFromNames(allVariables, exercise.matrix, undefined, exercise.displayNames));
    return { answer: c.answer, verdict, feedback: c.feedback, feedbackHtml: renderInlineMarkdown(fill(c.feedback)), latex: parsed.ok ? parsed.latex : "", practice: c.practice };
  };
  const steps = exercise.steps.map((step, i): StepView => {
    const status = stepStatus(statuses, step.key);
    const revealed = new Set(status.revealedHints);
    const acceptedAnswer = accepted.get(step.key);
    // The options the browser's preview builds (shapes, display names), so a matrix answer shows as it did there.
    const acceptedParse = acceptedAnswer !== undefined && status.solved ? parseExpression(acceptedAnswer, parseOptionsFromNames(allVariables, exercise.matrix, undefined, exercise.displayNames)) : null;
    const here = courseStepStatus(inCourse, step.key);
    const keyStep = here.solutionRevealed ? full?.steps.find((s) => s.key === step.key) : undefined;
    return {
      key: step.key,
      number: i + 1,
      titleHtml: renderMath(step.title),
      titleText: latexToPlainText(step.title) || `step ${i + 1}`,
      titleLatex: step.title,
      promptHtml: renderMarkdown(fill(step.prompt)),
      variables: step.variables,
      hintCount: step.hintCount,
      revealedHints: hints
        .filter((h) => h.stepId === step.id && revealed.has(h.position))
        .map((h) => ({ index: h.position, html: renderMarkdown(fill(h.text)) })),
      attemptsBeforeSolution: step.attemptsBeforeSolution,
      attempts: status.attempts,
      incorrect: status.incorrect,
      solved: status.solved,
      solvedAfterSolution: status.solvedAfterSolution,
      carriedForward: status.carriedForward,
      // access.seesKey covers previews and the exercise's editors; everyone else by the course's rules.
      solutionAvailable: solutionAvailable(step, { incorrect: here.incorrect, solved: status.solved, solutionRevealed: here.solutionRevealed }, access, now),
      solution: keyStep && full ? renderSolution(keyStep, gradingVariables(full, params), params) : null,
      acceptedLatex: acceptedParse?.ok ? acceptedParse.latex : null,
      draft: drafts[step.key]?.text ?? null,
      lastCheck: lastCheckView(checks.get(step.key)),
      draftSavedAt: drafts[step.key]?.updatedAt.toISOString() ?? null,
    };
  });

  return {
    exerciseId: exercise.id,
    courseId: access.courseId,
    next,
    slug: exercise.slug,
    title: exercise.title,
    statementHtml: renderMarkdown(fill(exercise.statement)),
    parameters: describeParameters(params),
    variables: exercise.variables,
    allVariables,
    matrix: exercise.matrix,
    displayNames: exercise.displayNames,
    dueAt: access.dueAt ? access.dueAt.toISOString() : null,
    duePassed: access.dueAt !== null && access.dueAt.getTime() <= now.getTime(),
    steps,
    recorded: !preview && access.enrolled,
    preview,
    // The author's choice when there is one, else the functions the statement mentions.
    palette: exercise.palette ?? paletteFor(exercise.statement, exercise.variables.map((v) => v.description)),
  };
}

/** The "next exercise" link of a student's page (issue 17 item 3): the course's next exercise not complete. */
async function nextInCourse(userId: string, courseId: string | null, slug: string, preview: boolean): Promise<ExerciseWorkspaceData["next"]> {
  if (preview || courseId === null) return null;
  const course = (await getStudentProgress(db, userId, new Date(), courseId)).courses[0];
  const next = course ? nextExercise(course.exercises, slug) : null;
  return next ? { href: exercisePath(next.slug, courseId), title: next.title } : null;
}

