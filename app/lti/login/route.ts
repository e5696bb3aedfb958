import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { LOGIN_STATE_TTL_MS, startLogin } from "@/lib/lti/login";
import { refusalPage } from "@/lib/lti/html";

/**
 * LTI 1.3 OIDC login initiation (GET or POST from the platform): stores the login, sets the state
 * cookie and redirects to the platform's authorization endpoint (lib/lti/login.ts).
 */
async function handle(request: NextRequest): Promise<Response> {
  const params: Record<string, string> = {};
  if (request.method === "POST") {
    const form = await request.formData().catch(() => null);
    for (const [k, v] of form?.entries() ?? []) if (typeof v === "string") params[k] = v;
  } else {
    for (const [k, v] of request.nextUrl.searchParams) params[k] = v;
  }
  const result = await startLogin(db, params, env().publicUrl);
  if (!result.ok) {
    console.warn(`[stepwise] lti login refused (iss=${params.iss ?? "-"}): ${result.reason}`);
    return refusalPage(result.status, "login", result.reason);
  }
  const response = NextResponse.redirect(result.redirectUrl, 302);
  // The launch comes back as a cross-site POST: only a SameSite=None cookie travels with it, and
  // that needs Secure (https). Partitioned (CHIPS): in an LMS iframe the login and the launch share
  // the frame's partition, so the cookie still works where third-party cookies are blocked. The
  // plain-http demo keeps Lax (works when platform and tool share a site, e.g. both on 127.0.0.1).
  // docs/decisions/015.
  const secure = env().secureCookies;
  response.cookies.set(result.cookieName, result.state, {
    httpOnly: true,
    secure,
    sameSite: secure ? "none" : "lax",
    partitioned: secure,
    path: "/lti",
    maxAge: Math.floor(LOGIN_STATE_TTL_MS / 1000),
  });
  response.headers.set("cache-control", "no-store");
  return response;
}

export const GET = handle;
export const POST = handle;
