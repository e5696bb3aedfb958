import type { z } from "zod";

/**
 * The action contract (docs/decisions/004-lib-layout-and-action-contract.md): what every core in
 * lib/ returns and therefore what every server action and route handler passes on. Data only on
 * success, otherwise a message for the form. `status` says why, so tests and route handlers can
 * map it to HTTP (400 bad input, 401 anonymous, 403 not allowed, 404 unknown, 409 conflict with
 * the current state, 429 throttled, 502 a service this one called — an LMS — refused or did not
 * answer).
 */
export type FieldErrors = Record<string, string[] | undefined>;

/** A problem located in a document by JSON path (exercise files, the editor's state). */
export type PathIssue = { path: string; message: string; severity: "error" | "warning"; start?: number; end?: number };

export type ActionFailure = {
  ok: false;
  status: 400 | 401 | 403 | 404 | 409 | 429 | 502;
  formError: string;
  fieldErrors?: FieldErrors;
  /** Located problems in a submitted document (authoring). */
  issues?: PathIssue[];
  /** Question tests that failed (publishing is refused while any does). */
  failingTests?: string[];
};
export type ActionResult<T extends object = object> = ({ ok: true } & T) | ActionFailure;

export const UNAUTHENTICATED = "Please sign in to continue.";
export const FORBIDDEN = "You do not have permission to do that.";

export function unauthenticated(message = UNAUTHENTICATED): ActionFailure {
  return { ok: false, status: 401, formError: message };
}
export function forbidden(message = FORBIDDEN): ActionFailure {
  return { ok: false, status: 403, formError: message };
}
export function notFound(message: string): ActionFailure {
  return { ok: false, status: 404, formError: message };
}
export function invalid(fieldErrors: FieldErrors, formError = "Please correct the highlighted fields."): ActionFailure {
  return { ok: false, status: 400, formError, fieldErrors };
}

/** A zod error as a 400 with one list of messages per field path ("_" for the root). */
export function failureFromZod(error: z.ZodError, formError = "Please check your input."): ActionFailure {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = error.issues[0]?.message;
  return { ok: false, status: 400, formError: first && error.issues.length === 1 ? first : formError, fieldErrors };
}
