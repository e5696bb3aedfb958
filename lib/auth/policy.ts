/**
 * Permission decisions, as plain functions of (client, user, ids) so integration tests can run
 * them against a test database. lib/auth/permissions.ts binds them to the app's database; pages,
 * actions and route handlers call those. One place to read who may do what.
 */
import type { Db } from "@/lib/platform/db-client";
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

export type ExerciseAccess = { courseId: string | null; dueAt: Date | null };

/**
 * Who may open an exercise, and in which course context:
 * - an instructor who authored it, or owns a course it is assigned to (published or not);
 * - anyone enrolled in a course where it is assigned, once it is published (an instructor can be
 *   enrolled as a student elsewhere). With several such courses, the earliest due date wins.
 */
export async function exerciseAccess(client: Db, user: CurrentUser, exerciseId: string): Promise<ExerciseAccess | null> {
  const exercise = await client.exercise.findUnique({
    where: { id: exerciseId },
    select: { published: true, authorId: true, courseId: true },
  });
  if (!exercise) return null;

  if (user.role === "INSTRUCTOR") {
    const owned = await client.assignment.findFirst({
      where: { exerciseId, course: { ownerId: user.id } },
      select: { courseId: true, dueAt: true },
      orderBy: { createdAt: "asc" },
    });
    if (owned) return { courseId: owned.courseId, dueAt: owned.dueAt };
    if (exercise.authorId === user.id) return { courseId: null, dueAt: null };
  }

  if (!exercise.published) return null;
  const assignments = await client.assignment.findMany({
    where: { exerciseId, course: { enrolments: { some: { userId: user.id } } } },
    select: { courseId: true, dueAt: true },
  });
  if (assignments.length === 0) return null;
  // Earliest due date first; no due date sorts last.
  assignments.sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity));
  const first = assignments[0]!;
  return { courseId: first.courseId, dueAt: first.dueAt };
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
