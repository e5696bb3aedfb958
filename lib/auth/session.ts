import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { createSession, deleteSessionByToken, validateSessionToken } from "@/lib/auth/session-store";
import { SESSION_COOKIE_NAME, sessionCookieOptions } from "./cookie";
import { safeNextPath } from "./next-path";
import type { CurrentUser } from "./types";

export type { CurrentUser } from "./types";
/** A path on this site only, for the ?next= round trip (see next-path.ts). */
export { safeNextPath } from "./next-path";

/** Header set by proxy.ts with the requested path, so requireUser() can send people back after sign-in. */
export const PATH_HEADER = "x-stepwise-path";

/**
 * One lookup per request and mode (React `cache`), shared by a layout, a page and the header.
 * `renew` only where cookies can be set: the session row and the cookie must slide together, or a
 * row renewed during a page render would outlive a cookie nobody could update.
 */
const loadCurrentUser = cache(async (renew: boolean): Promise<CurrentUser | null> => {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE_NAME)?.value;
  if (!token) return null;
  const session = await validateSessionToken(db, token, new Date(), { renew });
  if (!session) return null;
  // Once a day at most (renewalDue), so an action's response rarely carries a Set-Cookie (setting
  // a cookie in a server action also makes Next re-render the page).
  if (session.renewed) jar.set(SESSION_COOKIE_NAME, token, sessionCookieOptions(session.expiresAt, env().secureCookies));
  return session.user;
});

/**
 * Pages and layouts (server components): the signed-in user, from the session cookie, or null.
 * Read-only: server components cannot set cookies, so the session is not renewed here.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  return loadCurrentUser(false);
}

/**
 * Server actions and route handlers: the signed-in user or null, and the sliding expiry — when a
 * day has passed since the last renewal, the row's expiry moves 30 days ahead and the cookie gets
 * the same expiry. Using this in a server component throws (cookies cannot be set there).
 */
export async function getCurrentUserRenewing(): Promise<CurrentUser | null> {
  return loadCurrentUser(true);
}

/** Pages: the signed-in user, or a redirect to sign-in that returns here afterwards. */
export async function requireUser(options: { next?: string } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  const next = options.next ?? (await headers()).get(PATH_HEADER) ?? "/";
  redirect(`/sign-in?next=${encodeURIComponent(safeNextPath(next))}`);
}

/** Pages: instructors only; a student gets the same "not found" as for a page that does not exist. */
export async function requireInstructor(options: { next?: string } = {}): Promise<CurrentUser> {
  const user = await requireUser(options);
  if (user.role !== "INSTRUCTOR") notFound();
  return user;
}

/**
 * Starts a session after a successful sign-in or sign-up (server actions only). Rotation: the
 * session the browser held before, if any, is deleted, and a new token is issued.
 */
export async function startSession(userId: string): Promise<void> {
  const jar = await cookies();
  const previous = jar.get(SESSION_COOKIE_NAME)?.value;
  if (previous) await deleteSessionByToken(db, previous);
  const { token, expiresAt } = await createSession(db, userId);
  jar.set(SESSION_COOKIE_NAME, token, sessionCookieOptions(expiresAt, env().secureCookies));
}

/** Sign-out: deletes the session row (so the token is dead even if copied) and the cookie. */
export async function endSession(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE_NAME)?.value;
  if (token) await deleteSessionByToken(db, token);
  jar.delete({ name: SESSION_COOKIE_NAME, path: "/" });
}
