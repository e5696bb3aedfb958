"use server";

import { redirect } from "next/navigation";
import { runAction } from "@/lib/auth/action";
import { clientAddress } from "@/lib/auth/request";
import { startSession } from "@/lib/auth/session";
import { linkLtiAccount } from "@/lib/lti/link-account";
import type { FormState } from "@/app/courses/_components/action-form";

/** Links the LMS identity of this launch-made account to an existing account, then signs in as it. */
export async function linkAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const address = await clientAddress();
  const input = { email: String(formData.get("email") ?? ""), password: formData.get("password") ?? "" };
  const result = await runAction((client, user, i) => linkLtiAccount(client, user, i, { address }), input);
  if (!result.ok) return result;
  await startSession(result.user.id);
  redirect("/courses");
}
