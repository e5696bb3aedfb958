import "server-only";
import { headers } from "next/headers";
import { db } from "@/lib/platform/db";
import type { PrismaClient } from "@/lib/platform/prisma-client";
import type { ActionFailure, ActionResult } from "@/lib/platform/action-result";
import { getCurrentUserRenewing } from "./session";
import { isSameOriginRequest } from "./origin";
import { AuthError } from "./auth-error";
import type { CurrentUser } from "./types";

export { AuthError } from "./auth-error";

/**
 * A core: the one signature of every operation behind a server action or route handler
 * (docs/decisions/004-lib-layout-and-action-contract.md). It receives the database client (the
 * app's or a test database; cores that do not open a transaction accept any `Db`, including a
 * transaction client), the signed-in user or null, and the raw input; it
 * checks the user with lib/auth/policy itself, parses the input with zod, and returns an
 * ActionResult — never throws for a refusal or for bad input.
 */
export type Core<T extends object, I = unknown> = (client: PrismaClient, user: CurrentUser | null, input: I) => Promise<ActionResult<T>>;

/** Rejects cross-site requests (Origin must match Host). runAction/runRoute call it first. */
export async function assertSameOrigin(): Promise<void> {
  const h = await headers();
  const ok = isSameOriginRequest({
    origin: h.get("origin"),
    host: h.get("x-forwarded-host") ?? h.get("host"),
    secFetchSite: h.get("sec-fetch-site"),
  });
  if (!ok) throw new AuthError(403, "Cross-site request rejected.");
}

function toFailure(error: unknown): ActionFailure {
  if (error instanceof AuthError) return { ok: false, status: error.status, formError: error.message };
  throw error;
}

/**
 * The one server-action wrapper: same-origin check, the current user (or null: the core answers
 * 401 itself), then the core with the app's database. A refusal of the request itself becomes an
 * ActionFailure like any other; unexpected errors propagate to Next's error boundary.
 */
export async function runAction<T extends object, I = unknown>(core: Core<T, I>, input: I): Promise<ActionResult<T>> {
  let user: CurrentUser | null;
  try {
    await assertSameOrigin();
    user = await getCurrentUserRenewing();
  } catch (error) {
    return toFailure(error);
  }
  return core(db, user, input);
}

/** An ActionFailure as an HTTP JSON response with its status. */
export function failureResponse(failure: ActionFailure): Response {
  return Response.json({ error: failure.formError }, { status: failure.status });
}

/**
 * Route handlers: like runAction (a same-origin check only for methods that change something),
 * then `respond` turns success into a Response; a failure becomes JSON `{ error }` with its status.
 */
export async function runRoute<T extends object, I = unknown>(
  request: Request,
  core: Core<T, I>,
  input: I,
  respond: (result: { ok: true } & T) => Response,
): Promise<Response> {
  let user: CurrentUser | null;
  try {
    if (request.method !== "GET" && request.method !== "HEAD") await assertSameOrigin();
    user = await getCurrentUserRenewing();
  } catch (error) {
    return failureResponse(toFailure(error));
  }
  const result = await core(db, user, input);
  return result.ok ? respond(result) : failureResponse(result);
}
