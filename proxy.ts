import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/platform/env";
import { screenActionBody, screenActionHeaders, type ActionRefusal } from "@/lib/auth/action-request";

/**
 * HSTS: browsers go straight to https for two years. Set here, at run time, and not with the other
 * security headers in next.config.mjs: those are fixed when the app is built, and the same build
 * runs as the plain-http local demo (`npm start`), where HSTS would pin https on localhost.
 * `secureCookies` is the switch: it is on exactly when the site must be served over https.
 */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * Passes the requested path to requireUser() so sign-in can send people back to it, and adds HSTS
 * in production (no database access here).
 *
 * It does NOT refresh the session cookie. It used to re-set any `stepwise_session` value for 30
 * days on every page load, including dead (signed-out, expired) or made-up tokens, because without
 * the database it cannot tell them apart. Signing the cookie would not help: a signature proves we
 * issued a token, not that its session still exists, and the expiry it could sign is the one the
 * cookie already has. So the cookie follows the database instead: server actions and route
 * handlers (where cookies can be set) renew the session row and the cookie together, with the
 * row's expiry (lib/auth/session.ts, getCurrentUserRenewing).
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  if (request.method === "POST" && request.headers.has("next-action")) return screenAction(request);
  return pass(request);
}

function pass(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("x-stepwise-path", request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  if (env().secureCookies) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

/**
 * A server-action request that Next would answer with HTTP 500 (foreign Origin, too large, a body
 * that cannot be decoded: lib/auth/action-request.ts) gets a 4xx JSON `{ error }` here instead,
 * before any action runs (issue #13 item 6). Next gives the proxy a copy of the body, so reading
 * it does not consume what the action receives.
 */
async function screenAction(request: NextRequest): Promise<NextResponse> {
  const refused =
    screenActionHeaders({
      origin: request.headers.get("origin"),
      host: request.headers.get("x-forwarded-host") ?? request.headers.get("host"),
      secFetchSite: request.headers.get("sec-fetch-site"),
      contentLength: request.headers.get("content-length"),
    }) ?? screenActionBody(request.headers.get("content-type"), new Uint8Array(await request.arrayBuffer()));
  return refused ? refuse(refused) : pass(request);
}

function refuse(refusal: ActionRefusal): NextResponse {
  const response = NextResponse.json({ error: refusal.error }, { status: refusal.status });
  if (env().secureCookies) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // Pages and actions only: not static files, images or the health check.
  matcher: ["/((?!_next/static|_next/image|api/health|favicon.ico|icon.svg).*)"],
};
