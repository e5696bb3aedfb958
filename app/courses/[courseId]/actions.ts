"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/platform/db";
import { withActionUser } from "@/lib/auth/action-guard";
import { assignExercise, changeJoinCode, removeStudent, unassignExercise } from "@/lib/courses/cores";
import type { FormState } from "../_components/action-form";

const input = (formData: FormData) => Object.fromEntries(formData);

function done(result: { ok: boolean }, courseId: FormDataEntryValue | null) {
  if (result.ok && typeof courseId === "string") revalidatePath(`/courses/${courseId}`);
}

export async function regenerateJoinCodeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await withActionUser((user) => changeJoinCode(db, user, input(formData), "regenerate"));
  done(result, formData.get("courseId"));
  return result.ok ? { ok: true } : result;
}

export async function revokeJoinCodeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await withActionUser((user) => changeJoinCode(db, user, input(formData), "revoke"));
  done(result, formData.get("courseId"));
  return result.ok ? { ok: true } : result;
}

export async function removeStudentAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await withActionUser((user) => removeStudent(db, user, input(formData)));
  done(result, formData.get("courseId"));
  return result;
}

export async function assignExerciseAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await withActionUser((user) => assignExercise(db, user, input(formData)));
  done(result, formData.get("courseId"));
  return result;
}

export async function unassignExerciseAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await withActionUser((user) => unassignExercise(db, user, input(formData)));
  done(result, formData.get("courseId"));
  return result;
}
