/**
 * Course commands: each checks who is asking, parses its input and only then touches data.
 * (client, user, input) in, ActionResult out (lib/auth/action.ts); the server actions in app/courses wrap them.
 */
import { z } from "zod";
import type { Db } from "@/lib/platform/db-client";
import {
  createCourse as insertCourse,
  deleteAssignment,
  enrol,
  findCourseByJoinCode,
  isAssignable,
  removeEnrolment,
  setJoinCode,
  setExtension,
  upsertAssignment,
} from "@/lib/courses/queries";
import {
  assignExerciseSchema,
  courseIdSchema,
  extensionSchema,
  createCourseSchema,
  joinCourseSchema,
  removeStudentSchema,
  unassignExerciseSchema,
} from "@/lib/courses/schemas";
import { isCourseOwner } from "@/lib/auth/policy";
import { joinBlockedFor, joinSucceeded, reserveJoinAttempt } from "@/lib/auth/rate-limit";
import { forbidden, invalid, unauthenticated, type ActionResult, type FieldErrors } from "@/lib/platform/action-result";
import type { CurrentUser } from "@/lib/auth/types";

function fieldErrorsOf(error: z.ZodError): FieldErrors {
  return z.flattenError(error).fieldErrors as FieldErrors;
}

export async function createCourse(client: Db, user: CurrentUser | null, input: unknown): Promise<ActionResult<{ courseId: string }>> {
  if (!user) return unauthenticated();
  if (user.role !== "INSTRUCTOR") return forbidden("Only instructors can create courses.");
  const parsed = createCourseSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  const course = await insertCourse(client, user.id, parsed.data);
  return { ok: true, courseId: course.id };
}

/** The owner check for commands on an existing course; ids that do not parse are denied the same way. */
async function ownerOnly(client: Db, user: CurrentUser | null, courseId: unknown) {
  if (!user) return unauthenticated();
  if (typeof courseId !== "string" || !(await isCourseOwner(client, user, courseId))) return forbidden();
  return null;
}

function field(input: unknown, name: string): unknown {
  return typeof input === "object" && input !== null ? (input as Record<string, unknown>)[name] : undefined;
}

export async function changeJoinCode(
  client: Db,
  user: CurrentUser | null,
  input: unknown,
  mode: "regenerate" | "revoke",
): Promise<ActionResult<{ joinCode: string | null }>> {
  const denied = await ownerOnly(client, user, field(input, "courseId"));
  if (denied) return denied;
  const parsed = courseIdSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  const course = await setJoinCode(client, parsed.data.courseId, mode);
  return { ok: true, joinCode: course.joinCode };
}

export async function removeStudent(client: Db, user: CurrentUser | null, input: unknown): Promise<ActionResult> {
  const denied = await ownerOnly(client, user, field(input, "courseId"));
  if (denied) return denied;
  const parsed = removeStudentSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  const removed = await removeEnrolment(client, parsed.data.studentId, parsed.data.courseId);
  if (!removed) return { ok: false, status: 404, formError: "That student is not enrolled in this course." };
  return { ok: true };
}

export async function assignExercise(client: Db, user: CurrentUser | null, input: unknown): Promise<ActionResult> {
  const denied = await ownerOnly(client, user, field(input, "courseId"));
  if (denied) return denied;
  const parsed = assignExerciseSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  const { courseId, exerciseId, dueAt, points, latePolicy } = parsed.data;
  // Someone else's unpublished draft is not assignable (and its existence is not confirmed).
  if (!(await isAssignable(client, user!.id, exerciseId))) return forbidden("That exercise cannot be assigned.");
  await upsertAssignment(client, courseId, exerciseId, dueAt, { points, latePolicy });
  return { ok: true };
}

/**
 * Gives one enrolled student their own due date for an assignment (issue 17 item 8), or removes it
 * (empty date). The course's owner only; the student must be enrolled and the exercise assigned.
 */
export async function grantExtension(client: Db, user: CurrentUser | null, input: unknown): Promise<ActionResult> {
  const denied = await ownerOnly(client, user, field(input, "courseId"));
  if (denied) return denied;
  const parsed = extensionSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  const { courseId, exerciseId, studentId, dueAt } = parsed.data;
  const [assignment, enrolment] = await Promise.all([
    client.assignment.findUnique({ where: { courseId_exerciseId: { courseId, exerciseId } }, select: { id: true } }),
    client.enrolment.findUnique({ where: { userId_courseId: { userId: studentId, courseId } }, select: { id: true } }),
  ]);
  if (!assignment) return { ok: false, status: 404, formError: "That exercise is not assigned here." };
  if (!enrolment) return { ok: false, status: 404, formError: "That student is not enrolled in this course." };
  await setExtension(client, { courseId, exerciseId, userId: studentId, dueAt });
  return { ok: true };
}

export async function unassignExercise(client: Db, user: CurrentUser | null, input: unknown): Promise<ActionResult> {
  const denied = await ownerOnly(client, user, field(input, "courseId"));
  if (denied) return denied;
  const parsed = unassignExerciseSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  const removed = await deleteAssignment(client, parsed.data.courseId, parsed.data.exerciseId);
  if (!removed) return { ok: false, status: 404, formError: "That exercise is not assigned here." };
  return { ok: true };
}

export const UNKNOWN_JOIN_CODE = "No course has this join code. Check it with your instructor.";

/** Any signed-in user (an instructor can be a student elsewhere) joins a course by its code. */
export async function joinCourse(client: Db, user: CurrentUser | null, input: unknown): Promise<ActionResult<{ courseId: string; title: string }>> {
  if (!user) return unauthenticated();
  const parsed = joinCourseSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  const wait = (await joinBlockedFor(client, user.id)) ?? (await reserveJoinAttempt(client, user.id));
  if (wait !== null) return { ok: false, status: 429, formError: `Too many wrong join codes. Try again in ${wait} s.` };
  const course = await findCourseByJoinCode(client, parsed.data.joinCode);
  if (!course) return invalid({ joinCode: [UNKNOWN_JOIN_CODE] }, UNKNOWN_JOIN_CODE);
  await joinSucceeded(client, user.id);
  await enrol(client, user.id, course.id);
  return { ok: true, courseId: course.id, title: course.title };
}
