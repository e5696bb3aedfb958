"use server";

import { redirect } from "next/navigation";
import { runAction } from "@/lib/auth/action";
import { signIn } from "@/lib/accounts/cores";
import { clientAddress } from "@/lib/auth/request";
import { safeNextPath, startSession } from "@/lib/auth/session";
import type { ActionFailure } from "@/lib/platform/action-result";

export type SignInState = (ActionFailure & { email: string }) | null;

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  const address = await clientAddress();
  const result = await runAction((client, user, input) => signIn(client, user, input, { address }), { email, password: formData.get("password") ?? "" });
  if (!result.ok) return { ...result, email };
  await startSession(result.user.id);
  redirect(safeNextPath(String(formData.get("next") ?? "/")));
}
