"use server";

import { headers } from "next/headers";
import { runAction } from "@/lib/auth/action";
import { clientAddress } from "@/lib/auth/request";
import { requestPasswordReset } from "@/lib/accounts/password-reset";
import { env } from "@/lib/platform/env";
import type { ActionFailure } from "@/lib/platform/action-result";

export type ForgotState = (ActionFailure & { email: string }) | { ok: true; message: string } | null;

/** The site's address for the link: APP_URL; outside production, the address this page was opened at. */
async function baseUrl(): Promise<string | null> {
  const { appUrl, production } = env();
  if (appUrl) return appUrl;
  if (production) return null; // never a request's Host header in production (link poisoning)
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  return host ? `${h.get("x-forwarded-proto") === "https" ? "https" : "http"}://${host}` : null;
}

export async function forgotPasswordAction(_previous: ForgotState, formData: FormData): Promise<ForgotState> {
  const email = String(formData.get("email") ?? "");
  const ctx = { address: await clientAddress(), baseUrl: await baseUrl() };
  const result = await runAction((client, user, input) => requestPasswordReset(client, user, input, ctx), { email });
  return result.ok ? { ok: true, message: result.message } : { ...result, email };
}
