"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/action";
import { assignExercise, changeJoinCode, grantExtension, removeStudent, unassignExercise } from "@/lib/courses/cores";
import { syncRoster } from "@/lib/lti/roster";
import { env } from "@/lib/platform/env";
import type { FormState } from "../_components/action-form";

const input = (formData: FormData) => Object.fromEntries(formData);

function done(result: { ok: boolean }, courseId: FormDataEntryValue | null) {
  if (result.ok && typeof courseId === "string") revalidatePath(`/courses/${courseId}`);
}

export async function regenerateJoinCodeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction((client, user, i) => changeJoinCode(client, user, i, "regenerate"), input(formData));
  done(result, formData.get("courseId"));
  return result.ok ? { ok: true } : result;
}

export async function revokeJoinCodeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction((client, user, i) => changeJoinCode(client, user, i, "revoke"), input(formData));
  done(result, formData.get("courseId"));
  return result.ok ? { ok: true } : result;
}

export async function removeStudentAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(removeStudent, input(formData));
  done(result, formData.get("courseId"));
  return result;
}

export async function assignExerciseAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(assignExercise, input(formData));
  done(result, formData.get("courseId"));
  return result;
}

export async function unassignExerciseAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(unassignExercise, input(formData));
  done(result, formData.get("courseId"));
  return result;
}

export async function grantExtensionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(grantExtension, input(formData));
  const courseId = formData.get("courseId");
  if (result.ok && typeof courseId === "string") {
    revalidatePath(`/courses/${courseId}/students/${String(formData.get("studentId"))}`);
    revalidatePath(`/courses/${courseId}/gradebook`);
  }
  return result;
}

/** "Sync roster from LMS" (LTI NRPS, lib/lti/roster.ts): the result line is the form's message. */
export async function syncRosterAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction((client, user, i) => syncRoster(client, user, i, { allowInsecure: env().ltiAllowInsecure }), input(formData));
  done(result, formData.get("courseId"));
  return result.ok ? { ok: true, message: result.message } : result;
}
