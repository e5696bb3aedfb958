"use server";

import { redirect } from "next/navigation";
import { runAction } from "@/lib/auth/action";
import { acceptInvitation, signUp } from "@/lib/accounts/cores";
import { clientAddress } from "@/lib/auth/request";
import { startSession } from "@/lib/auth/session";
import type { ActionFailure } from "@/lib/platform/action-result";

export type SignUpValues = { name: string; email: string; joinCode: string };
export type SignUpState = (ActionFailure & { values: SignUpValues }) | null;

export async function signUpAction(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const text = (key: string) => String(formData.get(key) ?? "");
  // Echoed back so the form keeps what was typed; the password never is.
  const values = { name: text("name"), email: text("email"), joinCode: text("joinCode") };
  const address = await clientAddress();
  const result = await runAction((client, user, input) => signUp(client, user, input, { address }), {
    ...values,
    password: text("password"),
    invite: text("invite"),
  });
  if (!result.ok) return { ...result, values };
  await startSession(result.user.id);
  redirect("/");
}

/** A signed-in student accepts an instructor invitation sent to their email (no second account). */
export async function acceptInvitationAction(_previous: { ok: false; formError: string } | null, formData: FormData): Promise<{ ok: false; formError: string } | null> {
  const result = await runAction(acceptInvitation, { invite: String(formData.get("invite") ?? "") });
  if (!result.ok) return { ok: false, formError: result.formError };
  redirect("/author");
}
