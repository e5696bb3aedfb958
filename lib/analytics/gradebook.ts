import type { Db } from "@/lib/platform/db-client";

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
      cell.score++;
      row.stepsSolved++;
      if (dueAt !== null && p.solvedAt > dueAt) cell.lateSteps++;
      if (p.solvedAfterSolution) cell.solvedAfterSolution++;
    } else if (p.carriedForward) {
      cell.stepsCarriedForward++;
      cell.score += (exercises[x] as GradebookExercise).followThroughCredit ?? 1;
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
          exercise: {
            select: { id: true, slug: true, currentVersion: { select: { title: true, followThroughCredit: true, steps: { orderBy: { position: "asc" }, select: { key: true } } } } },
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
          select: { userId: true, exerciseId: true, stepKey: true, attempts: true, solvedAt: true, solutionRevealed: true, solvedAfterSolution: true, carriedForward: true, hintsUsed: true, lastActivityAt: true },
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
