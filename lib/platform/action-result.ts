/**
 * What every server action (and its testable core in lib/) returns: data only on success,
 * otherwise a message for the form. `status` says why, so tests and route handlers can map it
 * to HTTP (401 anonymous, 403 not allowed, 400 bad input, 404 unknown, 429 throttled).
 */
export type FieldErrors = Record<string, string[] | undefined>;
export type ActionFailure = {
  ok: false;
  status: 400 | 401 | 403 | 404 | 409 | 429;
  formError: string;
  fieldErrors?: FieldErrors;
};
export type ActionResult<T extends object = object> = ({ ok: true } & T) | ActionFailure;

export const UNAUTHENTICATED = "Please sign in to continue.";
export const FORBIDDEN = "You do not have permission to do that.";

export function unauthenticated(): ActionFailure {
  return { ok: false, status: 401, formError: UNAUTHENTICATED };
}
export function forbidden(message = FORBIDDEN): ActionFailure {
  return { ok: false, status: 403, formError: message };
}
export function invalid(fieldErrors: FieldErrors, formError = "Please correct the highlighted fields."): ActionFailure {
  return { ok: false, status: 400, formError, fieldErrors };
}
