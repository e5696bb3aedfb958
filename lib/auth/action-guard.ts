import "server-only";
import { headers } from "next/headers";
import { getCurrentUser } from "./session";
import { isSameOriginRequest } from "./origin";
import { FORBIDDEN, UNAUTHENTICATED, type ActionFailure } from "./result";
import type { CurrentUser } from "./types";

/** Thrown by the guards below; actions turn it into `{ ok: false, status, formError }` with toFailure(),
 * route handlers into a response with toResponse(). Never a redirect and never data. */
export class AuthError extends Error {
  constructor(
    public readonly status: 401 | 403,
    message = status === 401 ? UNAUTHENTICATED : FORBIDDEN,
  ) {
    super(message);
    this.name = "AuthError";
  }
}

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
  const user = await getCurrentUser();
  if (!user) throw new AuthError(401);
  return user;
}

/** Same-origin check plus the current user (possibly null), for actions whose core decides. */
export async function actionUser(): Promise<CurrentUser | null> {
  await assertSameOrigin();
  return getCurrentUser();
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
