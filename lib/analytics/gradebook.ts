import type { Db } from "@/lib/platform/db-client";
import { findExerciseBySlug, toDefinition, toVariableDefinition } from "@/lib/exercises/queries";
import { clusterWrongAnswers, type AnswerCluster } from "@/lib/analytics/cluster";
import { parseExpression, type KnownMistake, type Variable } from "@/lib/grading";

/**
 * Instructor views of a course: the gradebook (students × assigned exercises), one student's
 * attempts, and per-step analytics. Each reads a handful of grouped queries (never one per student
 * or per cell) and builds its result with a pure function that the benchmark and tests call directly.
 *
 * Scope: progress comes from StepProgress (per student × exercise × step key, whatever the course);
 * attempts are those made in this course (Attempt.courseId), which is what an instructor may see.
 */

// ---------- Gradebook ----------

export type GradebookExercise = {
  id: string;
  slug: string;
  title: string;
  dueAt: Date | null;
  stepKeys: string[];
};
export type GradebookStudent = { id: string; name: string; email: string };
export type ProgressRow = {
  userId: string;
  exerciseId: string;
  stepKey: string;
  attempts: number;
  solvedAt: Date | null;
  solutionRevealed: boolean;
  hintsUsed: number;
  lastActivityAt: Date;
};

export type GradebookCell = {
  stepsSolved: number;
  stepCount: number;
  /** Steps whose worked solution the student revealed. */
  solutionsRevealed: number;
  /** Steps solved after the due date. */
  lateSteps: number;
  attempts: number;
  hintsUsed: number;
  lastActivityAt: Date | null;
};

export type GradebookRow = {
  student: GradebookStudent;
  cells: GradebookCell[]; // same order as Gradebook.exercises
  stepsSolved: number;
  stepCount: number;
  attempts: number;
  lastActivityAt: Date | null;
};

export type Gradebook = { exercises: GradebookExercise[]; rows: GradebookRow[] };

const emptyCell = (stepCount: number): GradebookCell => ({
  stepsSolved: 0,
  stepCount,
  solutionsRevealed: 0,
  lateSteps: 0,
  attempts: 0,
  hintsUsed: 0,
  lastActivityAt: null,
});

/** Pure: O(students × exercises + progress rows). Steps that no longer exist in the current version are ignored. */
export function buildGradebook(input: {
  students: GradebookStudent[];
  exercises: GradebookExercise[];
  progress: Iterable<ProgressRow>;
}): Gradebook {
  const { students, exercises } = input;
  const exIndex = new Map(exercises.map((e, i) => [e.id, i]));
  const keySets = exercises.map((e) => new Set(e.stepKeys));
  const rowIndex = new Map(students.map((s, i) => [s.id, i]));
  const rows: GradebookRow[] = students.map((student) => ({
    student,
    cells: exercises.map((e) => emptyCell(e.stepKeys.length)),
    stepsSolved: 0,
    stepCount: exercises.reduce((n, e) => n + e.stepKeys.length, 0),
    attempts: 0,
    lastActivityAt: null,
  }));
  for (const p of input.progress) {
    const r = rowIndex.get(p.userId);
    const x = exIndex.get(p.exerciseId);
    if (r === undefined || x === undefined || !(keySets[x] as Set<string>).has(p.stepKey)) continue;
    const row = rows[r] as GradebookRow;
    const cell = row.cells[x] as GradebookCell;
    const dueAt = (exercises[x] as GradebookExercise).dueAt;
    if (p.solvedAt !== null) {
      cell.stepsSolved++;
      row.stepsSolved++;
      if (dueAt !== null && p.solvedAt > dueAt) cell.lateSteps++;
    }
    if (p.solutionRevealed) cell.solutionsRevealed++;
    cell.attempts += p.attempts;
    row.attempts += p.attempts;
    cell.hintsUsed += p.hintsUsed;
    if (cell.lastActivityAt === null || p.lastActivityAt > cell.lastActivityAt) cell.lastActivityAt = p.lastActivityAt;
    if (row.lastActivityAt === null || p.lastActivityAt > row.lastActivityAt) row.lastActivityAt = p.lastActivityAt;
  }
  return { exercises, rows };
}

export type GradebookSort = "name" | "email" | "solved" | "attempts" | "activity" | `ex:${string}`;
export type GradebookView = { sort?: string; dir?: string; q?: string; exercise?: string };

/** Pure: filter by student name/email substring and by exercise (slug), then sort by one column. */
export function viewGradebook(gradebook: Gradebook, view: GradebookView): Gradebook & { sort: GradebookSort; dir: "asc" | "desc" } {
  const q = (view.q ?? "").trim().toLowerCase();
  const exercises = view.exercise ? gradebook.exercises.filter((e) => e.slug === view.exercise) : gradebook.exercises;
  const keep = exercises.map((e) => gradebook.exercises.indexOf(e));
  let rows = gradebook.rows
    .filter((r) => q === "" || r.student.name.toLowerCase().includes(q) || r.student.email.toLowerCase().includes(q))
    .map((r) => (keep.length === gradebook.exercises.length ? r : { ...r, cells: keep.map((i) => r.cells[i] as GradebookCell) }));
  const sortKey = parseSort(view.sort, exercises);
  const dir: "asc" | "desc" = view.dir === "desc" ? "desc" : "asc";
  const sign = dir === "asc" ? 1 : -1;
  const time = (d: Date | null) => (d === null ? -Infinity : d.getTime());
  const byName = (a: GradebookRow, b: GradebookRow) => a.student.name.localeCompare(b.student.name) || a.student.email.localeCompare(b.student.email);
  let cmp: (a: GradebookRow, b: GradebookRow) => number;
  if (sortKey === "name") cmp = byName;
  else if (sortKey === "email") cmp = (a, b) => a.student.email.localeCompare(b.student.email);
  else if (sortKey === "solved") cmp = (a, b) => a.stepsSolved - b.stepsSolved;
  else if (sortKey === "attempts") cmp = (a, b) => a.attempts - b.attempts;
  else if (sortKey === "activity") cmp = (a, b) => time(a.lastActivityAt) - time(b.lastActivityAt);
  else {
    const i = exercises.findIndex((e) => `ex:${e.slug}` === sortKey);
    cmp = (a, b) => {
      const x = a.cells[i] as GradebookCell;
      const y = b.cells[i] as GradebookCell;
      return x.stepsSolved - y.stepsSolved || y.solutionsRevealed - x.solutionsRevealed || x.attempts - y.attempts;
    };
  }
  rows = [...rows].sort((a, b) => sign * cmp(a, b) || byName(a, b));
  return { exercises, rows, sort: sortKey, dir };
}

function parseSort(sort: string | undefined, exercises: GradebookExercise[]): GradebookSort {
  if (sort === "name" || sort === "email" || sort === "solved" || sort === "attempts" || sort === "activity") return sort;
  if (sort?.startsWith("ex:") && exercises.some((e) => `ex:${e.slug}` === sort)) return sort as `ex:${string}`;
  return "name";
}

/** The course's title, its assigned exercises (current versions) and enrolled students. */
export async function getCourseRoster(client: Db, courseId: string) {
  const course = await client.course.findUnique({
    where: { id: courseId },
    select: {
      id: true,
      title: true,
      assignments: {
        where: { exercise: { currentVersionId: { not: null } } },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: {
          dueAt: true,
          exercise: { select: { id: true, slug: true, currentVersion: { select: { title: true, steps: { orderBy: { position: "asc" }, select: { key: true } } } } } },
        },
      },
      enrolments: { orderBy: { createdAt: "asc" }, select: { user: { select: { id: true, name: true, email: true } } } },
    },
  });
  if (!course) return null;
  const exercises: GradebookExercise[] = course.assignments.map((a) => ({
    id: a.exercise.id,
    slug: a.exercise.slug,
    title: a.exercise.currentVersion?.title ?? a.exercise.slug,
    dueAt: a.dueAt,
    stepKeys: a.exercise.currentVersion?.steps.map((s) => s.key) ?? [],
  }));
  const students = course.enrolments.map((e) => e.user);
  return { id: course.id, title: course.title, exercises, students };
}

/** Three queries: course + assignments + enrolments, then all StepProgress rows of those students and exercises. */
export async function getCourseGradebook(client: Db, courseId: string): Promise<(Gradebook & { course: { id: string; title: string } }) | null> {
  const roster = await getCourseRoster(client, courseId);
  if (!roster) return null;
  const exerciseIds = roster.exercises.map((e) => e.id);
  const progress =
    exerciseIds.length === 0 || roster.students.length === 0
      ? []
      : await client.stepProgress.findMany({
          where: { exerciseId: { in: exerciseIds }, user: { enrolments: { some: { courseId } } } },
          select: { userId: true, exerciseId: true, stepKey: true, attempts: true, solvedAt: true, solutionRevealed: true, hintsUsed: true, lastActivityAt: true },
        });
  return { course: { id: roster.id, title: roster.title }, ...buildGradebook({ students: roster.students, exercises: roster.exercises, progress }) };
}

/** Pure: per exercise, how many students solved every step, some steps, or none. */
export function completionByExercise(gradebook: Gradebook) {
  return gradebook.exercises.map((exercise, i) => {
    let complete = 0;
    let started = 0;
    for (const row of gradebook.rows) {
      const cell = row.cells[i] as GradebookCell;
      if (cell.stepCount > 0 && cell.stepsSolved === cell.stepCount) complete++;
      else if (cell.attempts > 0 || cell.stepsSolved > 0) started++;
    }
    return { exercise, complete, started, notStarted: gradebook.rows.length - complete - started, students: gradebook.rows.length };
  });
}

// ---------- Attempts ----------

export type AttemptListItem = {
  id: string;
  createdAt: Date;
  studentName: string;
  studentEmail: string;
  userId: string;
  exerciseSlug: string;
  exerciseTitle: string;
  stepKey: string;
  stepTitle: string;
  answer: string;
  /** Canonical form stored with the attempt. */
  parsed: string;
  /** KaTeX source of how the answer was read (empty if it no longer parses). */
  latex: string;
  verdict: "CORRECT" | "INCORRECT" | "INVALID";
  feedback: string;
  diagnosis: string | null;
};

/** Attempts made in the course, oldest first; optionally for one student. One query. */
export async function listCourseAttempts(client: Db, courseId: string, options: { userId?: string } = {}): Promise<AttemptListItem[]> {
  const rows = await client.attempt.findMany({
    where: { courseId, ...(options.userId ? { userId: options.userId } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      createdAt: true,
      userId: true,
      stepKey: true,
      answer: true,
      parsed: true,
      verdict: true,
      feedback: true,
      diagnosis: true,
      user: { select: { name: true, email: true } },
      step: {
        select: {
          title: true,
          version: { select: { id: true, title: true, exercise: { select: { slug: true } }, variables: { select: { name: true } } } },
        },
      },
    },
  });
  const names = new Map<string, string[]>();
  return rows.map((r) => {
    let vars = names.get(r.step.version.id);
    if (vars === undefined) {
      vars = r.step.version.variables.map((v) => v.name);
      names.set(r.step.version.id, vars);
    }
    const parsed = parseExpression(r.answer, { variables: vars });
    return {
      id: r.id,
      createdAt: r.createdAt,
      studentName: r.user.name,
      studentEmail: r.user.email,
      userId: r.userId,
      exerciseSlug: r.step.version.exercise.slug,
      exerciseTitle: r.step.version.title,
      stepKey: r.stepKey,
      stepTitle: r.step.title,
      answer: r.answer,
      parsed: r.parsed,
      latex: parsed.ok ? parsed.latex : "",
      verdict: r.verdict,
      feedback: r.feedback,
      diagnosis: r.diagnosis,
    };
  });
}

/** Attempts per day over the last `days` days (oldest first), split by verdict. */
export async function courseActivity(client: Db, courseId: string, days = 14, now = new Date()) {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const rows = await client.attempt.findMany({ where: { courseId, createdAt: { gte: start } }, select: { createdAt: true, verdict: true } });
  return bucketByDay(rows, start, days);
}

/** Pure: counts per UTC day from `start`. */
export function bucketByDay(rows: Iterable<{ createdAt: Date; verdict: string }>, start: Date, days: number) {
  const out = Array.from({ length: days }, (_, i) => ({ day: new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10), correct: 0, incorrect: 0 }));
  for (const r of rows) {
    const i = Math.floor((r.createdAt.getTime() - start.getTime()) / 86_400_000);
    const b = out[i];
    if (b === undefined) continue;
    if (r.verdict === "CORRECT") b.correct++;
    else b.incorrect++;
  }
  return out;
}

// ---------- Per-step analytics ----------

export type StepAttemptRow = {
  id: string;
  userId: string;
  stepKey: string;
  verdict: "CORRECT" | "INCORRECT" | "INVALID";
  answer: string;
  parsed: string;
  diagnosis: string | null;
  createdAt: Date;
};

export type StepAnalytics = {
  key: string;
  title: string;
  position: number;
  /** Students with at least one graded attempt. */
  tried: number;
  solved: number;
  /** Share of students who tried whose first attempt was correct (0–1), null when nobody tried. */
  firstTryCorrect: number | null;
  /** Median number of attempts up to and including the first correct one, over students who solved it. */
  medianAttemptsToCorrect: number | null;
  hintStudents: number;
  hintReveals: number;
  solutionReveals: number;
  verdicts: { correct: number; knownMistake: number; otherIncorrect: number };
  clusters: AnswerCluster[];
  invalidWrongAnswers: number;
};

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Pure: statistics of one step from its attempts (in time order) and reveal rows. */
export function buildStepAnalytics(
  step: { key: string; title: string; position: number; expected: string; mistakes: KnownMistake[] },
  variables: readonly Variable[],
  attempts: readonly StepAttemptRow[],
  reveals: { hints: readonly { userId: string }[]; solutions: readonly { userId: string }[] },
): StepAnalytics {
  const perStudent = new Map<string, { count: number; first: string; toCorrect: number | null }>();
  const verdicts = { correct: 0, knownMistake: 0, otherIncorrect: 0 };
  const wrong: { answer: string; canonical: string; userId: string; attemptId: string }[] = [];
  for (const a of attempts) {
    let s = perStudent.get(a.userId);
    if (s === undefined) {
      s = { count: 0, first: a.verdict, toCorrect: null };
      perStudent.set(a.userId, s);
    }
    s.count++;
    if (a.verdict === "CORRECT") {
      verdicts.correct++;
      if (s.toCorrect === null) s.toCorrect = s.count;
    } else {
      if (a.diagnosis === "known-mistake") verdicts.knownMistake++;
      else verdicts.otherIncorrect++;
      wrong.push({ answer: a.answer, canonical: a.parsed, userId: a.userId, attemptId: a.id });
    }
  }
  const students = [...perStudent.values()];
  const solvedCounts = students.flatMap((s) => (s.toCorrect === null ? [] : [s.toCorrect]));
  const { clusters, invalid } = clusterWrongAnswers(wrong, { variables, mistakes: step.mistakes, expected: step.expected });
  return {
    key: step.key,
    title: step.title,
    position: step.position,
    tried: students.length,
    solved: solvedCounts.length,
    firstTryCorrect: students.length === 0 ? null : students.filter((s) => s.first === "CORRECT").length / students.length,
    medianAttemptsToCorrect: median(solvedCounts),
    hintStudents: new Set(reveals.hints.map((h) => h.userId)).size,
    hintReveals: reveals.hints.length,
    solutionReveals: reveals.solutions.length,
    verdicts,
    clusters,
    invalidWrongAnswers: invalid,
  };
}

/** Loads an exercise's current version by id, with its full key (instructor-only callers). */
export async function findExerciseWithKey(client: Db, exerciseId: string) {
  const row = await client.exercise.findUnique({ where: { id: exerciseId }, select: { slug: true } });
  return row ? findExerciseBySlug(client, row.slug) : null;
}

/**
 * Per-step analytics for an exercise within a course: four queries (exercise with key, enrolled
 * students, attempts made in the course, hint and solution reveals of those students).
 */
export async function getExerciseAnalytics(client: Db, courseId: string, exerciseId: string) {
  const [exercise, assignment] = await Promise.all([
    findExerciseWithKey(client, exerciseId),
    client.assignment.findUnique({ where: { courseId_exerciseId: { courseId, exerciseId } }, select: { dueAt: true } }),
  ]);
  if (!exercise || !exercise.currentVersion || !assignment) return null;
  const version = exercise.currentVersion;
  const variables = version.variables.map(toVariableDefinition) as Variable[];
  const inCourse = { exerciseId, user: { enrolments: { some: { courseId } } } };
  const [attempts, hints, solutions, enrolled] = await Promise.all([
    client.attempt.findMany({
      where: { courseId, exerciseId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, userId: true, stepKey: true, verdict: true, answer: true, parsed: true, diagnosis: true, createdAt: true },
    }),
    client.hintReveal.findMany({ where: inCourse, select: { userId: true, stepKey: true } }),
    client.solutionReveal.findMany({ where: inCourse, select: { userId: true, stepKey: true } }),
    client.enrolment.count({ where: { courseId } }),
  ]);
  const byKey = <T extends { stepKey: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.stepKey);
      if (list) list.push(r);
      else m.set(r.stepKey, [r]);
    }
    return m;
  };
  const attemptsByKey = byKey(attempts);
  const hintsByKey = byKey(hints);
  const solutionsByKey = byKey(solutions);
  const steps = version.steps.map((s) =>
    buildStepAnalytics(
      { key: s.key, title: s.title, position: s.position, expected: s.expected, mistakes: s.mistakes.map((m) => ({ expression: m.expression, feedback: m.feedback })) },
      variables,
      attemptsByKey.get(s.key) ?? [],
      { hints: hintsByKey.get(s.key) ?? [], solutions: solutionsByKey.get(s.key) ?? [] },
    ),
  );
  return {
    exercise: { id: exercise.id, slug: exercise.slug, title: version.title, version: version.version, dueAt: assignment.dueAt },
    enrolled,
    attempts: attempts.length,
    steps,
    definition: () => toDefinition(exercise.slug, exercise.published, version),
  };
}
