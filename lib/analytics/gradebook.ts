import type { Db } from "@/lib/platform/db-client";
import { effectiveDueAt, lateFactor, NO_LATE_POLICY, parseLatePolicy, roundPoints, type LatePolicy } from "@/lib/courses/late-policy";

/**
 * The course gradebook (students × assigned exercises). Like the other instructor views beside it
 * (course-attempts.ts, activity.ts, step-analytics.ts) it reads a handful of grouped queries (never
 * one per student or per cell) and builds its result with a pure function that the benchmark and
 * tests call directly.
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
  /** Credit of a carried-forward step, as a fraction of a solved one (ExerciseVersion.followThroughCredit). */
  followThroughCredit?: number;
  /** Marks for the exercise (Assignment.points; absent = one point per step, unweighted). */
  points?: number;
  /** Step key → weight (Step.weight; absent = 1). */
  weights?: Record<string, number>;
  latePolicy?: LatePolicy;
};
export type GradebookStudent = { id: string; name: string; email: string };
export type ProgressRow = {
  userId: string;
  exerciseId: string;
  stepKey: string;
  attempts: number;
  solvedAt: Date | null;
  solutionRevealed: boolean;
  /** Solved only after the worked solution was revealed (absent = false). */
  solvedAfterSolution?: boolean;
  /** Follow-through: the latest answer is right from wrong earlier answers (absent = false). */
  carriedForward?: boolean;
  hintsUsed: number;
  lastActivityAt: Date;
};

export type GradebookCell = {
  stepsSolved: number;
  /** Steps whose latest answer follows correctly from wrong earlier answers (not solved). */
  stepsCarriedForward: number;
  /** stepsSolved + followThroughCredit × stepsCarriedForward: the marks for the exercise, in steps. */
  score: number;
  stepCount: number;
  /** Steps whose worked solution the student revealed. */
  solutionsRevealed: number;
  /** Of stepsSolved: steps solved only after their worked solution was revealed. */
  solvedAfterSolution: number;
  /** Steps solved after the due date (the student's own: an extension moves it). */
  lateSteps: number;
  /** Points earned after late penalties, of `pointsPossible` (lib/courses/late-policy.ts). */
  points: number;
  pointsPossible: number;
  /** Points lost to the late policy. */
  latePenalty: number;
  /** The student's extended due date, when they have one. */
  extendedTo: Date | null;
  attempts: number;
  hintsUsed: number;
  lastActivityAt: Date | null;
};

export type GradebookRow = {
  student: GradebookStudent;
  cells: GradebookCell[]; // same order as Gradebook.exercises
  points: number;
  pointsPossible: number;
  stepsSolved: number;
  stepCount: number;
  attempts: number;
  lastActivityAt: Date | null;
};

export type Gradebook = {
  exercises: GradebookExercise[];
  rows: GradebookRow[];
  /** Class averages of points: per exercise (same order) and of the total, over all students listed (0 when none). */
  averages: { exercises: number[]; total: number };
};

/** Pure: class averages of points over the rows given (a filtered view recomputes them for its rows). */
export function classAverages(rows: readonly GradebookRow[], exerciseCount: number): Gradebook["averages"] {
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : roundPoints(xs.reduce((a, b) => a + b, 0) / xs.length));
  return {
    exercises: Array.from({ length: exerciseCount }, (_, i) => mean(rows.map((r) => (r.cells[i] as GradebookCell).points))),
    total: mean(rows.map((r) => r.points)),
  };
}

const emptyCell = (stepCount: number): GradebookCell => ({
  points: 0,
  pointsPossible: 0,
  latePenalty: 0,
  extendedTo: null,
  stepsSolved: 0,
  stepsCarriedForward: 0,
  score: 0,
  stepCount,
  solutionsRevealed: 0,
  solvedAfterSolution: 0,
  lateSteps: 0,
  attempts: 0,
  hintsUsed: 0,
  lastActivityAt: null,
});

/**
 * Pure: O(students × exercises + progress rows). Steps that no longer exist in the current version
 * are ignored. Points follow lib/courses/late-policy.ts: per step, weight × credit × late factor,
 * scaled to the exercise's points; a solved step is late when solved after the student's due date
 * (their extension, `extensions` keyed `userId:exerciseId`, else the assignment's), a carried-forward
 * step when its last activity was.
 */
export function buildGradebook(input: {
  students: GradebookStudent[];
  exercises: GradebookExercise[];
  progress: Iterable<ProgressRow>;
  extensions?: ReadonlyMap<string, Date>;
}): Gradebook {
  const { students, exercises } = input;
  const extensions = input.extensions ?? new Map<string, Date>();
  const weightOf = (e: GradebookExercise, key: string) => e.weights?.[key] ?? 1;
  const totalWeight = exercises.map((e) => e.stepKeys.reduce((n, k) => n + weightOf(e, k), 0));
  const pointsOf = (e: GradebookExercise) => e.points ?? e.stepKeys.length;
  const exIndex = new Map(exercises.map((e, i) => [e.id, i]));
  const keySets = exercises.map((e) => new Set(e.stepKeys));
  const rowIndex = new Map(students.map((s, i) => [s.id, i]));
  const rows: GradebookRow[] = students.map((student) => ({
    student,
    cells: exercises.map((e) => {
      const extendedTo = extensions.get(`${student.id}:${e.id}`) ?? null;
      return { ...emptyCell(e.stepKeys.length), pointsPossible: pointsOf(e), extendedTo };
    }),
    points: 0,
    pointsPossible: exercises.reduce((n, e) => n + pointsOf(e), 0),
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
    const exercise = exercises[x] as GradebookExercise;
    const dueAt = effectiveDueAt(exercise.dueAt, cell.extendedTo);
    const policy = exercise.latePolicy ?? NO_LATE_POLICY;
    // The step's share of the exercise's points, before and after the late policy.
    const share = totalWeight[x]! > 0 ? (pointsOf(exercise) * weightOf(exercise, p.stepKey)) / totalWeight[x]! : 0;
    let credit = 0;
    let doneAt: Date | null = null;
    if (p.solvedAt !== null) {
      cell.stepsSolved++;
      cell.score++;
      row.stepsSolved++;
      if (dueAt !== null && p.solvedAt > dueAt) cell.lateSteps++;
      if (p.solvedAfterSolution) cell.solvedAfterSolution++;
      credit = 1;
      doneAt = p.solvedAt;
    } else if (p.carriedForward) {
      cell.stepsCarriedForward++;
      cell.score += exercise.followThroughCredit ?? 1;
      credit = exercise.followThroughCredit ?? 1;
      doneAt = p.lastActivityAt;
    }
    if (doneAt !== null) {
      const kept = share * credit * lateFactor(policy, dueAt, doneAt);
      cell.points += kept;
      cell.latePenalty += share * credit - kept;
      row.points += kept;
    }
    if (p.solutionRevealed) cell.solutionsRevealed++;
    cell.attempts += p.attempts;
    row.attempts += p.attempts;
    cell.hintsUsed += p.hintsUsed;
    if (cell.lastActivityAt === null || p.lastActivityAt > cell.lastActivityAt) cell.lastActivityAt = p.lastActivityAt;
    if (row.lastActivityAt === null || p.lastActivityAt > row.lastActivityAt) row.lastActivityAt = p.lastActivityAt;
  }
  for (const row of rows) {
    row.points = roundPoints(row.points);
    for (const cell of row.cells) {
      cell.points = roundPoints(cell.points);
      cell.latePenalty = roundPoints(cell.latePenalty);
    }
  }
  return { exercises, rows, averages: classAverages(rows, exercises.length) };
}

export type GradebookSort = "name" | "email" | "points" | "solved" | "attempts" | "activity" | `ex:${string}`;
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
  else if (sortKey === "points") cmp = (a, b) => a.points - b.points;
  else if (sortKey === "attempts") cmp = (a, b) => a.attempts - b.attempts;
  else if (sortKey === "activity") cmp = (a, b) => time(a.lastActivityAt) - time(b.lastActivityAt);
  else {
    const i = exercises.findIndex((e) => `ex:${e.slug}` === sortKey);
    cmp = (a, b) => {
      const x = a.cells[i] as GradebookCell;
      const y = b.cells[i] as GradebookCell;
      return x.points - y.points || x.stepsSolved - y.stepsSolved || y.solutionsRevealed - x.solutionsRevealed || x.attempts - y.attempts;
    };
  }
  rows = [...rows].sort((a, b) => sign * cmp(a, b) || byName(a, b));
  return { exercises, rows, averages: classAverages(rows, exercises.length), sort: sortKey, dir };
}

function parseSort(sort: string | undefined, exercises: GradebookExercise[]): GradebookSort {
  if (sort === "name" || sort === "email" || sort === "points" || sort === "solved" || sort === "attempts" || sort === "activity") return sort;
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
          points: true,
          latePolicy: true,
          exercise: {
            select: {
              id: true,
              slug: true,
              currentVersion: { select: { title: true, followThroughCredit: true, steps: { orderBy: { position: "asc" }, select: { key: true, weight: true } } } },
            },
          },
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
    followThroughCredit: a.exercise.currentVersion?.followThroughCredit ?? 1,
    points: a.points,
    weights: Object.fromEntries((a.exercise.currentVersion?.steps ?? []).map((s) => [s.key, s.weight])),
    latePolicy: parseLatePolicy(a.latePolicy),
  }));
  const students = course.enrolments.map((e) => e.user);
  return { id: course.id, title: course.title, exercises, students };
}

/** Three queries: course + assignments + enrolments, then all StepProgress rows of those students and exercises. */
export async function getCourseGradebook(client: Db, courseId: string): Promise<(Gradebook & { course: { id: string; title: string } }) | null> {
  const roster = await getCourseRoster(client, courseId);
  if (!roster) return null;
  const exerciseIds = roster.exercises.map((e) => e.id);
  const extensionRows = await client.extension.findMany({ where: { courseId }, select: { userId: true, exerciseId: true, dueAt: true } });
  const extensions = new Map(extensionRows.map((e) => [`${e.userId}:${e.exerciseId}`, e.dueAt]));
  const progress =
    exerciseIds.length === 0 || roster.students.length === 0
      ? []
      : await client.stepProgress.findMany({
          where: { exerciseId: { in: exerciseIds }, user: { enrolments: { some: { courseId } } } },
          select: { userId: true, exerciseId: true, stepKey: true, attempts: true, solvedAt: true, solutionRevealed: true, solvedAfterSolution: true, carriedForward: true, hintsUsed: true, lastActivityAt: true },
        });
  return { course: { id: roster.id, title: roster.title }, ...buildGradebook({ students: roster.students, exercises: roster.exercises, progress, extensions }) };
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
