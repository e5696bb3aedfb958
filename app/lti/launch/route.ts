import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { startSession } from "@/lib/auth/session";
import { stateCookieName } from "@/lib/lti/login";
import { handleLaunch } from "@/lib/lti/launch-handler";

/**
 * LTI 1.3 launch (the platform's form_post of id_token and state): verify and map
 * (lib/lti/launch-handler.ts), then a normal Stepwise session (lib/auth/session.ts startSession)
 * and a redirect to the exercise or the deep-linking picker. A refusal is a page, never a session.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const value = (name: string) => {
    const v = form?.get(name);
    return typeof v === "string" && v !== "" ? v : null;
  };
  const state = value("state");
  const result = await handleLaunch(
    db,
    {
      idToken: value("id_token"),
      state,
      error: value("error"),
      errorDescription: value("error_description"),
      cookieState: state ? (request.cookies.get(stateCookieName(state))?.value ?? null) : null,
    },
    { allowInsecure: env().ltiAllowInsecure, publicUrl: env().publicUrl },
  );
  if (!result.ok) return result.response;
  // An iframe launch: the page opens the exercise in a new window (lib/lti/handoff.ts); no session here.
  if (result.framed) return result.framed;
  await startSession(result.userId);
  const response = new NextResponse(null, { status: 303, headers: { location: result.redirectTo, "cache-control": "no-store" } });
  if (state) response.cookies.set(stateCookieName(state), "", { path: "/lti", maxAge: 0 });
  return response;
}
