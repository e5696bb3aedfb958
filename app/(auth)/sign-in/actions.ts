"use server";

import { redirect } from "next/navigation";
import { db } from "@/lib/platform/db";
import { assertSameOrigin, toFailure } from "@/lib/auth/action-guard";
import { signIn } from "@/lib/accounts/cores";
import { clientAddress } from "@/lib/auth/request";
import { safeNextPath, startSession } from "@/lib/auth/session";
import type { ActionFailure } from "@/lib/platform/action-result";

export type SignInState = (ActionFailure & { email: string }) | null;

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  try {
    await assertSameOrigin();
  } catch (error) {
    return { ...toFailure(error), email };
  }
  const result = await signIn(db, { email, password: formData.get("password") ?? "" }, { address: await clientAddress() });
  if (!result.ok) return { ...result, email };
  await startSession(result.user.id);
  redirect(safeNextPath(String(formData.get("next") ?? "/")));
}
