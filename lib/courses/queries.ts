import type { LatePolicy } from "./late-policy";
import type { Db } from "@/lib/platform/db-client";
import { generateJoinCode, normaliseJoinCode } from "@/lib/auth/tokens";

export async function findCourseByJoinCode(client: Db, code: string) {
  const joinCode = normaliseJoinCode(code);
  if (!joinCode) return null;
  return client.course.findUnique({ where: { joinCode }, select: { id: true, title: true } });
}

/** A fresh code that no other course uses (retries on the rare collision). */
async function uniqueJoinCode(client: Db): Promise<string> {
  for (let i = 0; i < 5; i++) {
    const code = generateJoinCode();
    if (!(await client.course.findUnique({ where: { joinCode: code }, select: { id: true } }))) return code;
  }
  throw new Error("Could not generate a unique join code");
}

export async function createCourse(client: Db, ownerId: string, data: { title: string; description: string }) {
  return client.course.create({
    data: { ...data, ownerId, joinCode: await uniqueJoinCode(client) },
    select: { id: true, title: true, joinCode: true },
  });
}

export async function setJoinCode(client: Db, courseId: string, mode: "regenerate" | "revoke") {
  const joinCode = mode === "regenerate" ? await uniqueJoinCode(client) : null;
  return client.course.update({ where: { id: courseId }, data: { joinCode }, select: { id: true, joinCode: true } });
}

export async function enrol(client: Db, userId: string, courseId: string) {
  return client.enrolment.upsert({
    where: { userId_courseId: { userId, courseId } },
    create: { userId, courseId },
    update: {},
  });
}

export async function removeEnrolment(client: Db, userId: string, courseId: string): Promise<boolean> {
  const { count } = await client.enrolment.deleteMany({ where: { userId, courseId } });
  return count > 0;
}

export async function listOwnedCourses(client: Db, ownerId: string) {
  return client.course.findMany({
    where: { ownerId },
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, description: true, joinCode: true, _count: { select: { enrolments: true, assignments: true } } },
  });
}

export async function listEnrolledCourses(client: Db, userId: string) {
  return client.course.findMany({
    where: { enrolments: { some: { userId } } },
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, description: true, owner: { select: { name: true } }, _count: { select: { assignments: true } } },
  });
}

/** Everything the course owner's page shows. Call only after an ownership check. */
export async function getCourseForOwner(client: Db, courseId: string) {
  return client.course.findUnique({
    where: { id: courseId },
    select: {
      id: true,
      title: true,
      description: true,
      joinCode: true,
      enrolments: {
        orderBy: { createdAt: "asc" },
        select: { createdAt: true, user: { select: { id: true, name: true, email: true } } },
      },
      assignments: {
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: {
          dueAt: true,
          points: true,
          latePolicy: true,
          exercise: { select: { id: true, slug: true, published: true, currentVersion: { select: { title: true } } } },
        },
      },
    },
  });
}

/** What an enrolled student sees of a course: published assigned exercises only, no roster. */
export async function getCourseForStudent(client: Db, courseId: string) {
  return client.course.findUnique({
    where: { id: courseId },
    select: {
      id: true,
      title: true,
      description: true,
      owner: { select: { name: true } },
      assignments: {
        where: { exercise: { published: true, currentVersionId: { not: null } } },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: { dueAt: true, exercise: { select: { id: true, slug: true, currentVersion: { select: { title: true } } } } },
      },
    },
  });
}

/** Exercises an instructor may assign: published ones, and their own (drafts included). */
export async function listAssignableExercises(client: Db, instructorId: string) {
  return client.exercise.findMany({
    where: { currentVersionId: { not: null }, OR: [{ published: true }, { authorId: instructorId }] },
    orderBy: { createdAt: "asc" },
    select: { id: true, slug: true, published: true, currentVersion: { select: { title: true } } },
  });
}

export async function isAssignable(client: Db, instructorId: string, exerciseId: string): Promise<boolean> {
  const count = await client.exercise.count({
    where: { id: exerciseId, currentVersionId: { not: null }, OR: [{ published: true }, { authorId: instructorId }] },
  });
  return count > 0;
}

/** Assigns an exercise (or updates its assignment): due date, and when given, points and late policy. */
/** Does the course assign the exercise? (Pages answer 404 before streaming when it does not.) */
export async function isAssigned(client: Db, courseId: string, exerciseId: string): Promise<boolean> {
  if (courseId.length > 64 || exerciseId.length > 64) return false;
  return (await client.assignment.findUnique({ where: { courseId_exerciseId: { courseId, exerciseId } }, select: { id: true } })) !== null;
}

export async function upsertAssignment(
  client: Db,
  courseId: string,
  exerciseId: string,
  dueAt: Date | null,
  grading: { points?: number; latePolicy?: LatePolicy } = {},
) {
  const last = await client.assignment.findFirst({ where: { courseId }, orderBy: { position: "desc" }, select: { position: true } });
  const policy = grading.latePolicy === undefined ? {} : { latePolicy: grading.latePolicy.kind === "none" ? null : JSON.stringify(grading.latePolicy) };
  const points = grading.points === undefined ? {} : { points: grading.points };
  return client.assignment.upsert({
    where: { courseId_exerciseId: { courseId, exerciseId } },
    create: { courseId, exerciseId, dueAt, position: (last?.position ?? -1) + 1, ...points, ...policy },
    update: { dueAt, ...points, ...policy },
  });
}

/** Sets (or, with null, removes) one student's extended due date for an assignment. */
export async function setExtension(client: Db, input: { courseId: string; exerciseId: string; userId: string; dueAt: Date | null }): Promise<void> {
  const where = { courseId_exerciseId_userId: { courseId: input.courseId, exerciseId: input.exerciseId, userId: input.userId } };
  if (input.dueAt === null) {
    await client.extension.deleteMany({ where: { courseId: input.courseId, exerciseId: input.exerciseId, userId: input.userId } });
    return;
  }
  await client.extension.upsert({ where, create: { ...where.courseId_exerciseId_userId, dueAt: input.dueAt }, update: { dueAt: input.dueAt } });
}

export async function deleteAssignment(client: Db, courseId: string, exerciseId: string): Promise<boolean> {
  const { count } = await client.assignment.deleteMany({ where: { courseId, exerciseId } });
  return count > 0;
}

/** A student's (or an enrolled instructor's) assigned, published exercises across their courses. */
export async function listAssignedExercises(client: Db, userId: string) {
  return client.assignment.findMany({
    where: {
      course: { enrolments: { some: { userId } } },
      exercise: { published: true, currentVersionId: { not: null } },
    },
    orderBy: [{ course: { createdAt: "asc" } }, { position: "asc" }],
    select: {
      dueAt: true,
      course: { select: { id: true, title: true } },
      exercise: { select: { id: true, slug: true, currentVersion: { select: { title: true, _count: { select: { steps: true } } } } } },
    },
  });
}
