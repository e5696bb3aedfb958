import type { Db } from "@/lib/platform/db-client";
import { refusalPage } from "./html";
import { applyLaunch } from "./launch";
import { verifyLaunch } from "./verify";

/**
 * The launch endpoint minus the session cookie (so tests run all of it): the platform's error,
 * verification (lib/lti/verify.ts), then user/course/exercise mapping (lib/lti/launch.ts). A
 * refusal is an HTML page with the failed check and reason, and one `[stepwise] lti launch
 * refused` log line; only `{ ok: true }` lets the route start a session.
 */
export type LaunchForm = { idToken: string | null; state: string | null; error: string | null; errorDescription: string | null; cookieState: string | null };
export type HandledLaunch = { ok: true; userId: string; redirectTo: string } | { ok: false; response: Response; check: string; reason: string };

export async function handleLaunch(client: Db, form: LaunchForm, settings: { allowInsecure: boolean; publicUrl: string; now?: Date; jwksCooldownMs?: number }): Promise<HandledLaunch> {
  const refuse = (status: number, check: string, reason: string, detail = ""): HandledLaunch => {
    console.warn(`[stepwise] lti launch refused (${check})${detail}: ${reason}`);
    return { ok: false, response: refusalPage(status, check, reason), check, reason };
  };
  if (form.error) {
    return refuse(400, "platform", `The platform answered the login with an error: ${form.error}${form.errorDescription ? ` (${form.errorDescription})` : ""}.`);
  }
  const verified = await verifyLaunch(client, form, { allowInsecure: settings.allowInsecure, now: settings.now, jwksCooldownMs: settings.jwksCooldownMs });
  if (!verified.ok) return refuse(verified.status, verified.check, verified.reason);
  const outcome = await applyLaunch(client, verified, settings.publicUrl, settings.now);
  if (!outcome.ok) return refuse(outcome.status, "link", outcome.reason, ` iss=${verified.platform.issuer}`);
  return outcome;
}
