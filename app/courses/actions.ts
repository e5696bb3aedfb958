"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/lib/auth/action";
import { createCourse, joinCourse } from "@/lib/courses/cores";
import { createInvitation } from "@/lib/accounts/cores";
import type { ActionResult } from "@/lib/platform/action-result";
import type { FormState } from "./_components/action-form";

const input = (formData: FormData) => Object.fromEntries(formData);

export async function createCourseAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(createCourse, input(formData));
  if (!result.ok) return result;
  revalidatePath("/courses");
  redirect(`/courses/${result.courseId}`);
}

export async function joinCourseAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(joinCourse, input(formData));
  if (!result.ok) return result;
  revalidatePath("/", "layout");
  redirect(`/courses/${result.courseId}`);
}

export type InvitationState = ActionResult<{ path: string; email: string }> | null;

export async function createInvitationAction(_previous: InvitationState, formData: FormData): Promise<InvitationState> {
  const result = await runAction((client, user, i) => createInvitation(client, user, i), input(formData));
  if (!result.ok) return result;
  // The token is shown once, to the inviting instructor; only its hash is stored.
  return { ok: true, email: result.email, path: `/sign-up?invite=${encodeURIComponent(result.token)}` };
}
