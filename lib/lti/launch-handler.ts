import type { Db } from "@/lib/platform/db-client";
import { framedPickerPage, iframeLaunchPage, refusalPage } from "./html";
import { createHandoff, frameAncestors } from "./handoff";
import { deepLinkChoices, issueDeepLinkToken } from "./deep-link";
import { applyLaunch } from "./launch";
import { verifyLaunch } from "./verify";

/**
 * The launch endpoint minus the session cookie (so tests run all of it): the platform's error,
 * verification (lib/lti/verify.ts), then user/course/exercise mapping (lib/lti/launch.ts). A
 * refusal is an HTML page with the failed check and reason, and one `[stepwise] lti launch
 * refused` log line; only `{ ok: true }` lets the route start a session.
 */
export type LaunchForm = { idToken: string | null; state: string | null; error: string | null; errorDescription: string | null; cookieState: string | null };
export type HandledLaunch =
  /** Start a session for userId and redirect (a launch in a window). */
  | { ok: true; userId: string; redirectTo: string; framed?: undefined }
  /** An iframe launch: answer with this page, no session (lib/lti/handoff.ts). */
  | { ok: true; userId: string; redirectTo: string; framed: Response }
  | { ok: false; response: Response; check: string; reason: string };

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
  if (!outcome.framed) return { ok: true, userId: outcome.userId, redirectTo: outcome.redirectTo };
  const ancestors = frameAncestors(outcome.frameUrls, settings.allowInsecure);
  if (outcome.deepLinkRequestId) {
    const token = await issueDeepLinkToken(client, outcome.deepLinkRequestId);
    const choices = await deepLinkChoices(client, null, { requestId: outcome.deepLinkRequestId, token }, settings.now);
    if (!choices.ok) return refuse(choices.status, "link", choices.formError);
    return { ok: true, userId: outcome.userId, redirectTo: outcome.redirectTo, framed: framedPickerPage(outcome.deepLinkRequestId, token, choices.exercises, ancestors) };
  }
  const handoff = await createHandoff(client, outcome.userId, outcome.redirectTo, settings.now);
  return { ok: true, userId: outcome.userId, redirectTo: outcome.redirectTo, framed: iframeLaunchPage(`/lti/open?token=${encodeURIComponent(handoff)}`, ancestors) };
}
