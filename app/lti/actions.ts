"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/action";
import { env } from "@/lib/platform/env";
import { registerPlatform } from "@/lib/lti/platforms";
import { retryScoreDeliveries, rotateToolKey } from "@/lib/lti/admin";
import { createRegistrationInvite } from "@/lib/lti/dynamic-registration";
import type { FormState } from "@/app/courses/_components/action-form";

const input = (formData: FormData) => Object.fromEntries(formData);

export async function registerPlatformAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction((client, user, i) => registerPlatform(client, user, i, { allowInsecure: env().ltiAllowInsecure }), input(formData));
  if (!result.ok) return result;
  revalidatePath("/lti");
  return { ok: true };
}

export async function rotateKeyAction(): Promise<FormState> {
  const result = await runAction((client, user) => rotateToolKey(client, user), null);
  if (!result.ok) return result;
  revalidatePath("/lti");
  return { ok: true };
}

export async function retryDeliveriesAction(): Promise<FormState> {
  const result = await runAction((client, user) => retryScoreDeliveries(client, user), null);
  if (!result.ok) return result;
  revalidatePath("/lti");
  return { ok: true };
}

/** "Create a registration URL" (LTI Dynamic Registration): the URL is the form's message. */
export async function registrationUrlAction(): Promise<FormState> {
  const result = await runAction((client, user) => createRegistrationInvite(client, user, null, { publicUrl: env().publicUrl }), null);
  if (!result.ok) return result;
  return { ok: true, message: `Paste this URL into the LMS (Moodle: Manage tools → Tool URL → Add LTI Advantage) within an hour: ${result.url}` };
}
