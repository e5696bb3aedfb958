import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE_NAME, SESSION_TTL_MS, sessionCookieOptions } from "@/lib/auth/cookie";
import { env } from "@/lib/platform/env";

/**
 * Two small jobs for lib/auth, before any page renders (no database access here):
 * - passes the requested path to requireUser() so sign-in can send people back to it;
 * - on page loads (GET) with a session cookie, pushes the cookie's expiry 30 days ahead. Server
 *   components cannot set cookies, so this is how the cookie follows the database's sliding
 *   expiry; the database row stays the authority (an expired or deleted session is refused).
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-stepwise-path", request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });

  const token = request.cookies.get(SESSION_COOKIE_NAME)?.value;
  if (token && request.method === "GET") {
    const expires = new Date(Date.now() + SESSION_TTL_MS);
    response.cookies.set(SESSION_COOKIE_NAME, token, sessionCookieOptions(expires, env().secureCookies));
  }
  return response;
}

export const config = {
  // Pages and actions only: not static files, images or the health check.
  matcher: ["/((?!_next/static|_next/image|api/health|favicon.ico|icon.svg).*)"],
};
