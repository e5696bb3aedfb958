"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/platform/db";
import { actionUser, toFailure } from "@/lib/auth/action-guard";
import { addKnownMistakeFromCluster } from "@/lib/analytics/known-mistake";
import type { MistakeFormState } from "./mistake-form-state";

/** "Turn into a known mistake": thin wrapper around the lib core (which checks ownership and the question tests). */
export async function addKnownMistakeAction(_previous: MistakeFormState, formData: FormData): Promise<MistakeFormState> {
  let user;
  try {
    user = await actionUser();
  } catch (error) {
    return toFailure(error);
  }
  const input = {
    courseId: String(formData.get("courseId") ?? ""),
    exerciseId: String(formData.get("exerciseId") ?? ""),
    stepKey: String(formData.get("stepKey") ?? ""),
    expression: String(formData.get("expression") ?? ""),
    feedback: String(formData.get("feedback") ?? ""),
  };
  const result = await addKnownMistakeFromCluster(user, input, db);
  if (!result.ok) return { ok: false, formError: result.formError, fieldErrors: result.fieldErrors };
  const path = `/courses/${encodeURIComponent(input.courseId)}/analytics/${encodeURIComponent(input.exerciseId)}`;
  revalidatePath(path);
  redirect(`${path}?added=${encodeURIComponent(input.stepKey)}&version=${result.version}&updated=${result.updatedAttempts}#step-${encodeURIComponent(input.stepKey)}`);
}
