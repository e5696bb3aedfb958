"use server";

import { redirect } from "next/navigation";
import { db } from "@/lib/platform/db";
import { assertSameOrigin, toFailure } from "@/lib/auth/action-guard";
import { signUp } from "@/lib/accounts/cores";
import { clientAddress } from "@/lib/auth/request";
import { startSession } from "@/lib/auth/session";
import type { ActionFailure } from "@/lib/platform/action-result";

export type SignUpValues = { name: string; email: string; joinCode: string };
export type SignUpState = (ActionFailure & { values: SignUpValues }) | null;

export async function signUpAction(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const text = (key: string) => String(formData.get(key) ?? "");
  // Echoed back so the form keeps what was typed; the password never is.
  const values = { name: text("name"), email: text("email"), joinCode: text("joinCode") };
  try {
    await assertSameOrigin();
  } catch (error) {
    return { ...toFailure(error), values };
  }
  const result = await signUp(db, { ...values, password: text("password"), invite: text("invite") }, { address: await clientAddress() });
  if (!result.ok) return { ...result, values };
  await startSession(result.user.id);
  redirect("/");
}
