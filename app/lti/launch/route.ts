import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { startSession } from "@/lib/auth/session";
import { stateCookieName } from "@/lib/lti/login";
import { verifyLaunch } from "@/lib/lti/verify";
import { applyLaunch } from "@/lib/lti/launch";
import { refusalPage } from "@/lib/lti/html";

/**
 * LTI 1.3 launch (the platform's form_post of id_token and state): verify (lib/lti/verify.ts),
 * map user, course and exercise (lib/lti/launch.ts), then a normal Stepwise session and a redirect
 * to the exercise (or the deep-linking picker). Any refusal is a page and a log line, never a session.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const value = (name: string) => {
    const v = form?.get(name);
    return typeof v === "string" && v !== "" ? v : null;
  };
  const state = value("state");
  const platformError = value("error");
  if (platformError) {
    const reason = `The platform answered the login with an error: ${platformError}${value("error_description") ? ` (${value("error_description")})` : ""}.`;
    console.warn(`[stepwise] lti launch refused: ${reason}`);
    return refusalPage(400, "platform", reason);
  }
  const cookieState = state ? (request.cookies.get(stateCookieName(state))?.value ?? null) : null;
  const verified = await verifyLaunch(db, { idToken: value("id_token"), state, cookieState }, { allowInsecure: env().ltiAllowInsecure });
  if (!verified.ok) {
    console.warn(`[stepwise] lti launch refused (${verified.check}): ${verified.reason}`);
    return refusalPage(verified.status, verified.check, verified.reason);
  }
  const outcome = await applyLaunch(db, verified, env().publicUrl);
  if (!outcome.ok) {
    console.warn(`[stepwise] lti launch refused (link) iss=${verified.platform.issuer}: ${outcome.reason}`);
    return refusalPage(outcome.status, "link", outcome.reason);
  }
  await startSession(outcome.userId);
  const response = new NextResponse(null, { status: 303, headers: { location: outcome.redirectTo, "cache-control": "no-store" } });
  if (state) response.cookies.set(stateCookieName(state), "", { path: "/lti", maxAge: 0 });
  return response;
}
