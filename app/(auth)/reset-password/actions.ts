"use server";

import { redirect } from "next/navigation";
import { runAction } from "@/lib/auth/action";
import { resetPassword } from "@/lib/accounts/password-reset";
import type { ActionFailure } from "@/lib/platform/action-result";

export type ResetState = ActionFailure | null;

export async function resetPasswordAction(_previous: ResetState, formData: FormData): Promise<ResetState> {
  const result = await runAction(resetPassword, { token: formData.get("token") ?? "", password: formData.get("password") ?? "" });
  if (!result.ok) return result;
  // Every session of the account has ended (this browser's too): sign in with the new password.
  redirect("/sign-in?reset=1");
}
