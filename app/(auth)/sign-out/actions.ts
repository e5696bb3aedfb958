"use server";

import { redirect } from "next/navigation";
import { assertSameOrigin } from "@/lib/auth/action";
import { endSession } from "@/lib/auth/session";

/** Deletes the session row and the cookie. A cross-site POST cannot sign someone out. */
export async function signOutAction(): Promise<void> {
  try {
    await assertSameOrigin();
  } catch {
    redirect("/");
  }
  await endSession();
  redirect("/sign-in");
}
