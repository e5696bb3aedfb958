import { FORBIDDEN, UNAUTHENTICATED } from "@/lib/platform/action-result";

/** Thrown by the guards in action-guard.ts; actions turn it into `{ ok: false, status, formError }`,
 * route handlers into a 401/403 response. Never a redirect and never data. (Its own module so
 * tests can import it without server-only code.) */
export class AuthError extends Error {
  constructor(
    public readonly status: 401 | 403,
    message = status === 401 ? UNAUTHENTICATED : FORBIDDEN,
  ) {
    super(message);
    this.name = "AuthError";
  }
}
