import type { Db } from "@/lib/platform/db-client";
import { fastSql } from "@/lib/platform/fast-sql";
import { inTransaction } from "./attempts";

/**
 * A student's progress: per-step summaries (StepProgress, kept in step with attempts by
 * recordGradedAttempt), hint and solution reveals, and the per-course overview of /progress.
 */

export type StepStatus = {
  attempts: number;
  incorrect: number;
  solved: boolean;
  solvedAt: Date | null;
  /** Solved only after the worked solution was revealed. */
  solvedAfterSolution: boolean;
  hintsUsed: number;
  /** Indices of the hints this student has revealed, ascending. */
  revealedHints: number[];
  solutionRevealed: boolean;
  /** The latest answer follows from wrong earlier answers (follow-through); not solved. */
  carriedForward: boolean;
  lastActivityAt: Date | null;
};

export const EMPTY_STEP_STATUS: StepStatus = {
  attempts: 0,
  incorrect: 0,
  solved: false,
  solvedAt: null,
  solvedAfterSolution: false,
  hintsUsed: 0,
  revealedHints: [],
  solutionRevealed: false,
  carriedForward: false,
  lastActivityAt: null,
};

/** Step key → status for one student and exercise (keys without any activity are absent). */
export async function getStepStatuses(client: Db, userId: string, exerciseId: string): Promise<Map<string, StepStatus>> {
  // The exercise page reads this on every load: prepared statements (docs/decisions/012).
  const sql = await fastSql(client);
  const key = [userId, exerciseId];
  const progress = await sql.all<{
    stepKey: string; attempts: number; incorrect: number; solvedAt: Date | null; solvedAfterSolution: boolean;
    hintsUsed: number; solutionRevealed: boolean; carriedForward: boolean; lastActivityAt: Date;
  }>(
    `SELECT "stepKey", "attempts", "incorrect", "solvedAt", "solvedAfterSolution", "hintsUsed", "solutionRevealed", "carriedForward", "lastActivityAt"
       FROM "StepProgress" WHERE "userId" = ? AND "exerciseId" = ?`,
    key,
  );
  const hints = await sql.all<{ stepKey: string; hintIndex: number }>(`SELECT "stepKey", "hintIndex" FROM "HintReveal" WHERE "userId" = ? AND "exerciseId" = ? ORDER BY "hintIndex" ASC`, key);
  const solutions = await sql.all<{ stepKey: string }>(`SELECT "stepKey" FROM "SolutionReveal" WHERE "userId" = ? AND "exerciseId" = ?`, key);
  const result = new Map<string, StepStatus>();
  const get = (key: string): StepStatus => {
    let s = result.get(key);
    if (!s) {
      s = { ...EMPTY_STEP_STATUS, revealedHints: [] };
      result.set(key, s);
    }
    return s;
  };
  for (const p of progress) {
    Object.assign(get(p.stepKey), {
      attempts: p.attempts,
      incorrect: p.incorrect,
      solved: p.solvedAt !== null,
      solvedAt: p.solvedAt,
      solvedAfterSolution: p.solvedAt !== null && p.solvedAfterSolution,
      hintsUsed: p.hintsUsed,
      solutionRevealed: p.solutionRevealed,
      carriedForward: p.carriedForward && p.solvedAt === null,
      lastActivityAt: p.lastActivityAt,
    });
  }
  for (const h of hints) get(h.stepKey).revealedHints.push(h.hintIndex);
  for (const s of solutions) get(s.stepKey).solutionRevealed = true;
  return result;
}

export function stepStatus(statuses: Map<string, StepStatus>, stepKey: string): StepStatus {
  return statuses.get(stepKey) ?? EMPTY_STEP_STATUS;
}

/**
 * Records that a student revealed hint `hintIndex` of a step (idempotent) and updates
 * StepProgress.hintsUsed to the number of distinct hints revealed.
 */
export async function recordHintReveal(
  client: Db,
  input: { userId: string; exerciseId: string; stepKey: string; hintIndex: number },
): Promise<{ hintsUsed: number }> {
  return inTransaction(client, async (tx) => {
    const { userId, exerciseId, stepKey, hintIndex } = input;
    const where = { userId_exerciseId_stepKey: { userId, exerciseId, stepKey } };
    const now = new Date();
    // The student's row for the step first: on PostgreSQL this holds its lock until commit, so two
    // reveals at once count each other's hint instead of both counting without it (issue 18).
    await tx.stepProgress.upsert({ where, create: { userId, exerciseId, stepKey, lastActivityAt: now }, update: { lastActivityAt: now } });
    await tx.hintReveal.upsert({
      where: { userId_exerciseId_stepKey_hintIndex: { userId, exerciseId, stepKey, hintIndex } },
      create: { userId, exerciseId, stepKey, hintIndex },
      update: {},
    });
    const hintsUsed = await tx.hintReveal.count({ where: { userId, exerciseId, stepKey } });
    await tx.stepProgress.update({ where, data: { hintsUsed } });
    return { hintsUsed };
  });
}

/** Records that a student revealed the worked solution of a step in a course (idempotent per course). */
export async function recordSolutionReveal(client: Db, input: { userId: string; exerciseId: string; stepKey: string; courseId: string }): Promise<void> {
  await inTransaction(client, async (tx) => {
    const { userId, exerciseId, stepKey, courseId } = input;
    await tx.solutionReveal.upsert({
      where: { userId_exerciseId_stepKey_courseId: { userId, exerciseId, stepKey, courseId } },
      create: { userId, exerciseId, stepKey, courseId },
      update: {},
    });
    const now = new Date();
    await tx.stepProgress.upsert({
      where: { userId_exerciseId_stepKey: { userId, exerciseId, stepKey } },
      create: { userId, exerciseId, stepKey, solutionRevealed: true, lastActivityAt: now },
      update: { solutionRevealed: true, lastActivityAt: now },
    });
  });
}

/** How close a due date must be to show "due soon". */
export const DUE_SOON_MS = 48 * 3600 * 1000;

/**
 * Where a student stands on one assigned exercise (issue 17 item 3), for the exercise list, /progress
 * and the "next exercise" link:
 * - `new`: no step attempted, solved or revealed; `in-progress`: started; `complete`: every step solved.
 * - `due`: `overdue` when the due date has passed and it is not complete; `due-soon` when not
 *   complete and due within 48 hours; `late` when complete but some step was solved after the due
 *   date (the gradebook's "late", docs/decisions/009); null otherwise.
 */
export type ExerciseStatus = { progress: "new" | "in-progress" | "complete"; due: "overdue" | "due-soon" | "late" | null };

/** Pure: the status above from the exercise's step counts, its due date and the time of the request. */
export function exerciseStatus(
  row: { stepCount: number; stepsSolved: number; started: boolean; lateSteps: number; dueAt: Date | null },
  now: Date,
): ExerciseStatus {
  const complete = row.stepCount > 0 && row.stepsSolved === row.stepCount;
  const progress = complete ? "complete" : row.started ? "in-progress" : "new";
  let due: ExerciseStatus["due"] = null;
  if (complete) due = row.lateSteps > 0 ? "late" : null;
  else if (row.dueAt !== null && row.dueAt.getTime() <= now.getTime()) due = "overdue";
  else if (row.dueAt !== null && row.dueAt.getTime() - now.getTime() <= DUE_SOON_MS) due = "due-soon";
  return { progress, due };
}

/** Words for a status, the same on every page that shows one. */
export function statusLabel(status: ExerciseStatus): string {
  const progress = { new: "Not started", "in-progress": "In progress", complete: "Complete" }[status.progress];
  const due = status.due === null ? "" : { overdue: " · overdue", "due-soon": " · due soon", late: " · late" }[status.due];
  return progress + due;
}

/**
 * The exercise to go to next in a course's order: the first one after `afterSlug` that is not
 * complete, else the first not complete before it; null when every other exercise is complete.
 */
export function nextExercise<T extends { slug: string; complete: boolean }>(exercises: readonly T[], afterSlug: string): T | null {
  const i = exercises.findIndex((e) => e.slug === afterSlug);
  const order = i < 0 ? exercises : [...exercises.slice(i + 1), ...exercises.slice(0, i)];
  return order.find((e) => !e.complete && e.slug !== afterSlug) ?? null;
}

/** The exercise a student should do next: the first overdue one, else the first not complete; null when all are complete. */
export function continueWith<T extends { complete: boolean; status: ExerciseStatus }>(exercises: readonly T[]): T | null {
  return exercises.find((e) => e.status.due === "overdue") ?? exercises.find((e) => !e.complete) ?? null;
}

export type ExerciseProgressRow = {
  exerciseId: string;
  slug: string;
  title: string;
  dueAt: Date | null;
  stepCount: number;
  stepsSolved: number;
  attempts: number;
  hintsUsed: number;
  solutionsRevealed: number;
  lastActivityAt: Date | null;
  complete: boolean;
  /** Steps solved after the due date. */
  lateSteps: number;
  status: ExerciseStatus;
};

export type CourseProgress = {
  courseId: string;
  title: string;
  exercises: ExerciseProgressRow[];
  stepCount: number;
  stepsSolved: number;
};

export type StudentProgress = { courses: CourseProgress[]; stepCount: number; stepsSolved: number };

/**
 * /progress: per enrolled course, each assigned published exercise with steps solved (of the
 * current version's steps), attempts, hints used and last activity; plus overall totals.
 * Only summary rows are read (StepProgress), never the answer key.
 */
export async function getStudentProgress(client: Db, userId: string, now: Date = new Date(), onlyCourseId?: string): Promise<StudentProgress> {
  // Home, /progress and every exercise page ("next exercise") read this: prepared statements
  // instead of one nested Prisma query (docs/decisions/012). One row per
  // enrolment × assigned published exercise (a course without one still gives one row).
  const sql = await fastSql(client);
  const flat = await sql.all<{
    courseId: string; courseTitle: string; exerciseId: string | null; slug: string | null; currentVersionId: string | null;
    dueAt: Date | null; extensionDueAt: Date | null;
  }>(
    `SELECT n."courseId", c."title" AS "courseTitle", e."id" AS "exerciseId", e."slug", e."currentVersionId", a."dueAt", x."dueAt" AS "extensionDueAt"
       FROM "Enrolment" n
       JOIN "Course" c ON c."id" = n."courseId"
       LEFT JOIN ("Assignment" a JOIN "Exercise" e ON e."id" = a."exerciseId" AND e."published" = TRUE AND e."currentVersionId" IS NOT NULL)
              ON a."courseId" = n."courseId"
       LEFT JOIN "Extension" x ON x."courseId" = a."courseId" AND x."exerciseId" = a."exerciseId" AND x."userId" = n."userId"
      WHERE n."userId" = ? ${onlyCourseId !== undefined ? `AND n."courseId" = ?` : ""}
      ORDER BY n."createdAt" ASC, n."id" ASC, a."position" ASC, a."createdAt" ASC, a."id" ASC`,
    [userId, ...(onlyCourseId !== undefined ? [onlyCourseId] : [])],
  );
  // The current versions' titles and step keys, in one statement however many exercises there are.
  const versionIds = [...new Set(flat.flatMap((r) => (r.currentVersionId ? [r.currentVersionId] : [])))];
  const versionRows = versionIds.length
    ? await sql.all<{ versionId: string; title: string; key: string | null }>(
        `SELECT v."id" AS "versionId", v."title", s."key" FROM "ExerciseVersion" v LEFT JOIN "Step" s ON s."versionId" = v."id"
          WHERE v."id" IN (${versionIds.map(() => "?").join(", ")})`,
        versionIds,
      )
    : [];
  const versions = new Map<string, { title: string; steps: { key: string }[] }>();
  for (const v of versionRows) {
    let version = versions.get(v.versionId);
    if (!version) versions.set(v.versionId, (version = { title: v.title, steps: [] }));
    if (v.key !== null) version.steps.push({ key: v.key });
  }
  // dueAt: the student's own due date, their extension's if they have one, else the assignment's.
  type Assigned = { dueAt: Date | null; exercise: { id: string; slug: string; currentVersion: { title: string; steps: { key: string }[] } | null } };
  const enrolments: { course: { id: string; title: string; assignments: Assigned[] } }[] = [];
  for (const row of flat) {
    let last = enrolments.at(-1);
    if (!last || last.course.id !== row.courseId) enrolments.push((last = { course: { id: row.courseId, title: row.courseTitle, assignments: [] } }));
    if (row.exerciseId === null || row.slug === null || row.currentVersionId === null) continue;
    last.course.assignments.push({
      dueAt: row.extensionDueAt ?? row.dueAt,
      exercise: { id: row.exerciseId, slug: row.slug, currentVersion: versions.get(row.currentVersionId) ?? null },
    });
  }
  const exerciseIds = [...new Set(enrolments.flatMap((e) => e.course.assignments.map((a) => a.exercise.id)))];
  const rows = exerciseIds.length
    ? await sql.all<{ exerciseId: string; stepKey: string; attempts: number; hintsUsed: number; solutionRevealed: boolean; solvedAt: Date | null; lastActivityAt: Date }>(
        `SELECT "exerciseId", "stepKey", "attempts", "hintsUsed", "solutionRevealed", "solvedAt", "lastActivityAt"
           FROM "StepProgress" WHERE "userId" = ? AND "exerciseId" IN (${exerciseIds.map(() => "?").join(", ")})`,
        [userId, ...exerciseIds],
      )
    : [];
  const byExercise = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byExercise.get(row.exerciseId) ?? [];
    list.push(row);
    byExercise.set(row.exerciseId, list);
  }

  const courses: CourseProgress[] = enrolments.map(({ course }) => {
    const exercises = course.assignments.flatMap(({ exercise, dueAt }): ExerciseProgressRow[] => {
      const version = exercise.currentVersion;
      if (!version) return [];
      const keys = new Set(version.steps.map((s) => s.key));
      const progress = (byExercise.get(exercise.id) ?? []).filter((p) => keys.has(p.stepKey));
      const stepsSolved = progress.filter((p) => p.solvedAt !== null).length;
      const lateSteps = dueAt ? progress.filter((p) => p.solvedAt !== null && p.solvedAt > dueAt).length : 0;
      const started = progress.some((p) => p.attempts > 0 || p.hintsUsed > 0 || p.solutionRevealed);
      const last = progress.reduce<Date | null>((acc, p) => (acc === null || p.lastActivityAt > acc ? p.lastActivityAt : acc), null);
      return [
        {
          exerciseId: exercise.id,
          slug: exercise.slug,
          title: version.title,
          dueAt,
          stepCount: keys.size,
          stepsSolved,
          attempts: progress.reduce((n, p) => n + p.attempts, 0),
          hintsUsed: progress.reduce((n, p) => n + p.hintsUsed, 0),
          solutionsRevealed: progress.filter((p) => p.solutionRevealed).length,
          lastActivityAt: last,
          complete: keys.size > 0 && stepsSolved === keys.size,
          lateSteps,
          status: exerciseStatus({ stepCount: keys.size, stepsSolved, started, lateSteps, dueAt }, now),
        },
      ];
    });
    return {
      courseId: course.id,
      title: course.title,
      exercises,
      stepCount: exercises.reduce((n, e) => n + e.stepCount, 0),
      stepsSolved: exercises.reduce((n, e) => n + e.stepsSolved, 0),
    };
  });
  // An exercise assigned in two courses counts once in the overall bar.
  const seen = new Map<string, ExerciseProgressRow>();
  for (const c of courses) for (const e of c.exercises) seen.set(e.exerciseId, e);
  const all = [...seen.values()];
  return {
    courses,
    stepCount: all.reduce((n, e) => n + e.stepCount, 0),
    stepsSolved: all.reduce((n, e) => n + e.stepsSolved, 0),
  };
}
