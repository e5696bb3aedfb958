import "server-only";
import { headers } from "next/headers";
import { getCurrentUserRenewing } from "./session";
import { isSameOriginRequest } from "./origin";
import type { ActionFailure } from "./result";
import { AuthError } from "./auth-error";

export { AuthError } from "./auth-error";
import type { CurrentUser } from "./types";

/** Rejects cross-site requests (Origin must match Host). Call first in every action and mutating route handler. */
export async function assertSameOrigin(): Promise<void> {
  const h = await headers();
  const ok = isSameOriginRequest({
    origin: h.get("origin"),
    host: h.get("x-forwarded-host") ?? h.get("host"),
    secFetchSite: h.get("sec-fetch-site"),
  });
  if (!ok) throw new AuthError(403, "Cross-site request rejected.");
}

/** Actions and route handlers: the signed-in user or AuthError(401). */
export async function authenticate(): Promise<CurrentUser> {
  const user = await getCurrentUserRenewing();
  if (!user) throw new AuthError(401);
  return user;
}

/** Same-origin check plus the current user (possibly null), for actions whose core decides. */
export async function actionUser(): Promise<CurrentUser | null> {
  await assertSameOrigin();
  return getCurrentUserRenewing();
}

export function toFailure(error: unknown): ActionFailure {
  if (error instanceof AuthError) return { ok: false, status: error.status, formError: error.message };
  throw error;
}

export function toResponse(error: unknown): Response {
  if (error instanceof AuthError) return Response.json({ error: error.message }, { status: error.status });
  throw error;
}

/**
 * The usual server-action wrapper: same-origin check, then the core with the current user (or
 * null: the core answers 401 itself). AuthError becomes `{ ok: false, status, formError }`.
 */
export async function withActionUser<T>(core: (user: CurrentUser | null) => Promise<T>): Promise<T | ActionFailure> {
  let user: CurrentUser | null;
  try {
    user = await actionUser();
  } catch (error) {
    return toFailure(error);
  }
  return core(user);
}
