import "server-only";
import { notFound } from "next/navigation";
import { db } from "@/lib/platform/db";
import type { Db } from "@/lib/platform/db-client";
import { requireUser } from "./session";
import { isCourseOwner, mayEditExercise, mayViewAttempt, mayViewStudentWork } from "./policy";
import type { CurrentUser } from "./types";

export type { ExerciseAccess } from "./policy";

/** Pages: the owner of the course, else sign-in (anonymous) or "not found" (anyone else: we do
 * not confirm that someone else's course exists). */
export async function requireInstructorOf(courseId: string): Promise<CurrentUser> {
  const user = await requireUser();
  if (!(await isCourseOwner(db, user, courseId))) notFound();
  return user;
}

export function canEditExercise(user: CurrentUser, exerciseId: string, client: Db = db): Promise<boolean> {
  return mayEditExercise(client, user, exerciseId);
}

export function canViewStudentWork(user: CurrentUser, studentId: string, courseId: string, client: Db = db): Promise<boolean> {
  return mayViewStudentWork(client, user, studentId, courseId);
}

export function canViewAttempt(
  user: CurrentUser,
  attempt: { userId: string; courseId: string | null },
  client: Db = db,
): Promise<boolean> {
  return mayViewAttempt(client, user, attempt);
}

export function isInstructorOf(user: CurrentUser, courseId: string, client: Db = db): Promise<boolean> {
  return isCourseOwner(client, user, courseId);
}
