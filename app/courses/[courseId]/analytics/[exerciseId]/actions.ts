"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/action";
import { addKnownMistakeFromCluster } from "@/lib/analytics/known-mistake";
import type { MistakeFormState } from "./mistake-form-state";

/** "Turn into a known mistake": thin wrapper around the lib core (which checks ownership and the question tests). */
export async function addKnownMistakeAction(_previous: MistakeFormState, formData: FormData): Promise<MistakeFormState> {
  const input = {
    courseId: String(formData.get("courseId") ?? ""),
    exerciseId: String(formData.get("exerciseId") ?? ""),
    stepKey: String(formData.get("stepKey") ?? ""),
    expression: String(formData.get("expression") ?? ""),
    feedback: String(formData.get("feedback") ?? ""),
  };
  const result = await runAction(addKnownMistakeFromCluster, input);
  if (!result.ok) return result;
  const path = `/courses/${encodeURIComponent(input.courseId)}/analytics/${encodeURIComponent(input.exerciseId)}`;
  revalidatePath(path);
  redirect(`${path}?added=${encodeURIComponent(input.stepKey)}&version=${result.version}&updated=${result.updatedAttempts}${result.staged ? "&staged=1" : ""}#step-${encodeURIComponent(input.stepKey)}`);
}
