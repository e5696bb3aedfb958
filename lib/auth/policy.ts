/**
 * Permission decisions, as plain functions of (client, user, ids) so integration tests can run
 * them against a test database. lib/auth/permissions.ts binds them to the app's database; pages,
 * actions and route handlers call those. One place to read who may do what.
 */
import type { Db } from "@/lib/platform/db-client";
import { fastSql } from "@/lib/platform/fast-sql";
import type { CurrentUser } from "./types";

export async function isCourseOwner(client: Db, user: CurrentUser, courseId: string): Promise<boolean> {
  if (user.role !== "INSTRUCTOR") return false;
  const course = await client.course.findUnique({ where: { id: courseId }, select: { ownerId: true } });
  return course?.ownerId === user.id;
}

export async function isEnrolled(client: Db, userId: string, courseId: string): Promise<boolean> {
  const row = await client.enrolment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { id: true } });
  return row !== null;
}

/**
 * In which context a user works on an exercise (docs/decisions/009-per-course-access-and-key-visibility.md):
 * - `courseId`: the course the work belongs to (its due date, its reveals, its attempts), or null
 *   for the editors' course-less view;
 * - `seesKey`: worked solutions and expected expressions at once — the exercise's editors only
 *   (mayEditExercise). Everyone else gets them by the student rules of the course;
 * - `enrolled`: working as a student enrolled in the course, so the work is recorded there
 *   (an instructor enrolled elsewhere is a student there).
 */
export type ExerciseAccess = { courseId: string | null; dueAt: Date | null; seesKey: boolean; enrolled: boolean };

/** A course in which the user may work on an exercise (see exerciseCourses). */
export type ExerciseCourse = { courseId: string; title: string; dueAt: Date | null; /** the user owns it (else is enrolled) */ owner: boolean };

/**
 * The courses in which the user may open the exercise: it is assigned there, and the user owns
 * the course (published or not) or is enrolled in it (published only). Oldest assignment first.
 */
export async function exerciseCourses(client: Db, user: CurrentUser, exerciseId: string): Promise<ExerciseCourse[]> {
  const exercise = await loadForAccess(client, user, exerciseId, undefined);
  return exercise ? coursesOf(exercise, user) : [];
}

/**
 * Two prepared statements for every access decision (the check path is hot, docs/decisions/012):
 * the exercise and who may edit it, then its assignments in courses the user owns or is enrolled
 * in (or only the one course named), oldest first, each with the user's extension if any.
 */
async function loadForAccess(client: Db, user: CurrentUser, exerciseId: string, courseId: string | undefined) {
  const sql = await fastSql(client);
  const exercise = await sql.get<{ published: boolean; authorId: string | null; homeOwnerId: string | null }>(
    `SELECT e."published", e."authorId", h."ownerId" AS "homeOwnerId"
       FROM "Exercise" e LEFT JOIN "Course" h ON h."id" = e."courseId" WHERE e."id" = ?`,
    [exerciseId],
  );
  if (!exercise) return null;
  const rows = await sql.all<{ courseId: string; dueAt: Date | null; title: string; ownerId: string; extensionDueAt: Date | null }>(
    `SELECT a."courseId", a."dueAt", c."title", c."ownerId", x."dueAt" AS "extensionDueAt"
       FROM "Assignment" a
       JOIN "Course" c ON c."id" = a."courseId"
       LEFT JOIN "Extension" x ON x."courseId" = a."courseId" AND x."exerciseId" = a."exerciseId" AND x."userId" = ?
      WHERE a."exerciseId" = ?
        AND (c."ownerId" = ? OR EXISTS (SELECT 1 FROM "Enrolment" n WHERE n."courseId" = a."courseId" AND n."userId" = ?))
        ${courseId !== undefined ? `AND a."courseId" = ?` : ""}
      ORDER BY a."createdAt" ASC, a."id" ASC`,
    [user.id, exerciseId, user.id, user.id, ...(courseId !== undefined ? [courseId] : [])],
  );
  return {
    published: exercise.published,
    authorId: exercise.authorId,
    course: exercise.homeOwnerId !== null ? { ownerId: exercise.homeOwnerId } : null,
    assignments: rows.map((r) => ({
      courseId: r.courseId,
      dueAt: r.dueAt,
      course: { title: r.title, ownerId: r.ownerId },
      // A student's extension replaces the assignment's due date for them (issue 17 item 8).
      extensions: r.extensionDueAt ? [{ dueAt: r.extensionDueAt }] : [],
    })),
  };
}

type ForAccess = NonNullable<Awaited<ReturnType<typeof loadForAccess>>>;

function isEditor(exercise: ForAccess, user: CurrentUser): boolean {
  return user.role === "INSTRUCTOR" && (exercise.authorId === user.id || exercise.course?.ownerId === user.id);
}

function coursesOf(exercise: ForAccess, user: CurrentUser): ExerciseCourse[] {
  return exercise.assignments
    .map((a) => ({ courseId: a.courseId, title: a.course.title, dueAt: a.extensions[0]?.dueAt ?? a.dueAt, owner: user.role === "INSTRUCTOR" && a.course.ownerId === user.id }))
    .filter((c) => c.owner || exercise.published);
}

/**
 * May the user open the exercise in this course, and how:
 * - `courseId` given: only that course decides — it must assign the exercise and the user must
 *   own it or (exercise published) be enrolled in it. Its due date is the one that counts; no
 *   other course's assignment can unlock anything here (issue #13 item 2).
 * - `courseId` null: the course-less view, for the exercise's editors only.
 * - `courseId` omitted: editors get the course-less view; anyone else the one course in which
 *   they may open it — or null when there is none or several (the caller must ask which).
 */
export async function exerciseAccess(client: Db, user: CurrentUser, exerciseId: string, courseId?: string | null): Promise<ExerciseAccess | null> {
  const exercise = await loadForAccess(client, user, exerciseId, courseId ?? undefined);
  if (!exercise) return null;
  const editor = isEditor(exercise, user);
  if (courseId === null || (courseId === undefined && editor)) {
    return editor ? { courseId: null, dueAt: null, seesKey: true, enrolled: false } : null;
  }
  const courses = coursesOf(exercise, user);
  // Several courses and none named: the caller must ask which (never the earliest due date).
  if (courses.length !== 1) return null;
  const course = courses[0]!;
  return { courseId: course.courseId, dueAt: course.dueAt, seesKey: editor, enrolled: !course.owner };
}

/** Authors edit their own exercises; the owner of an exercise's home course may too. */
export async function mayEditExercise(client: Db, user: CurrentUser, exerciseId: string): Promise<boolean> {
  if (user.role !== "INSTRUCTOR") return false;
  const exercise = await client.exercise.findUnique({
    where: { id: exerciseId },
    select: { authorId: true, course: { select: { ownerId: true } } },
  });
  if (!exercise) return false;
  return exercise.authorId === user.id || exercise.course?.ownerId === user.id;
}

/** A student sees their own work; an instructor sees the work of students enrolled in a course they own. */
export async function mayViewStudentWork(client: Db, user: CurrentUser, studentId: string, courseId: string): Promise<boolean> {
  if (user.id === studentId) return true;
  if (!(await isCourseOwner(client, user, courseId))) return false;
  return isEnrolled(client, studentId, courseId);
}

/** An attempt is visible to the student who made it, and to the owner of the course it was made in
 * while that student is enrolled there. Attempts outside a course are private to the student. */
export async function mayViewAttempt(
  client: Db,
  user: CurrentUser,
  attempt: { userId: string; courseId: string | null },
): Promise<boolean> {
  if (attempt.userId === user.id) return true;
  if (!attempt.courseId) return false;
  return mayViewStudentWork(client, user, attempt.userId, attempt.courseId);
}
