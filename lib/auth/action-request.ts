/**
 * Screening of server-action requests in proxy.ts, before Next decodes them (issue #13 item 6).
 *
 * Next answers every problem with a fetch action's request itself with HTTP 500: a foreign Origin
 * ("Invalid Server Actions request", app-render/action-handler), a body over
 * `serverActions.bodySizeLimit` (an ApiError(413) that the handler turns into 500 — a TODO there),
 * and any body React's `decodeReply` cannot read (not JSON, empty, a `"$1"` that points at a part
 * the request does not have). A 500 says "our bug", pages the operator and tells the client
 * nothing. Here each gets its own 4xx with a message, and nothing runs.
 *
 * What a real client sends (react-server-dom's encodeReply): JSON-only arguments as one JSON text
 * (`text/plain`), where a string starting with `$` is always escaped as `$$…` and `$` forms are
 * self-contained values (`$undefined`, `$NaN`, `$Infinity`, `$-Infinity`, `$-0`, `$D<date>`,
 * `$n<bigint>`); anything that needs other parts (Map, FormData, files, promises, references)
 * is sent as multipart instead. So a text body with any other `$` form refers to a part that does
 * not exist and can only fail. Multipart bodies (forms) are left to Next after the size check.
 */
import { isSameOriginRequest } from "./origin";

/** Must equal next.config.mjs `experimental.serverActions.bodySizeLimit` ("2mb"); a test compares them. */
export const ACTION_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export type ActionRefusal = { status: 400 | 403 | 413; error: string };

const MALFORMED: ActionRefusal = { status: 400, error: "Malformed request: reload the page and try again." };

/** Checks that need only the headers: same origin (as runAction does) and the declared size. */
export function screenActionHeaders(h: {
  origin: string | null;
  host: string | null;
  secFetchSite: string | null;
  contentLength: string | null;
}): ActionRefusal | null {
  if (!isSameOriginRequest(h)) return { status: 403, error: "Cross-site request rejected." };
  if (h.contentLength !== null && Number(h.contentLength) > ACTION_BODY_LIMIT_BYTES) return tooLarge();
  return null;
}

function tooLarge(): ActionRefusal {
  return { status: 413, error: `Request too large (at most ${ACTION_BODY_LIMIT_BYTES / (1024 * 1024)} MB).` };
}

/** `$` forms that stand for a value by themselves (no other part of the request needed). */
const SELF_CONTAINED = /^\$(?:\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d+$)/;

/** A lone UTF-16 surrogate: not text. Stored, it becomes U+FFFD or fails a driver deep down. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Is this string well-formed UTF-16 (no lone surrogates)? For zod refinements too. */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

function badValue(value: unknown): ActionRefusal | null {
  if (typeof value === "string") {
    if (!isWellFormedText(value)) return { status: 400, error: "The text contains an invalid character (a lone surrogate)." };
    if (value.startsWith("$") && !SELF_CONTAINED.test(value)) return MALFORMED;
    return null;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = badValue(item);
      if (bad) return bad;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const bad = (isWellFormedText(key) ? null : MALFORMED) ?? badValue(item);
      if (bad) return bad;
    }
  }
  return null;
}

/**
 * Checks the body of a server-action POST: its size, then — for the JSON text form — that it is
 * UTF-8 JSON of an argument list whose strings are text and whose `$` forms are self-contained.
 */
export function screenActionBody(contentType: string | null, body: Uint8Array): ActionRefusal | null {
  if (body.byteLength > ACTION_BODY_LIMIT_BYTES) return tooLarge();
  if ((contentType ?? "").toLowerCase().startsWith("multipart/form-data")) return null;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return MALFORMED;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return MALFORMED;
  }
  if (!Array.isArray(parsed)) return MALFORMED;
  return badValue(parsed);
}
