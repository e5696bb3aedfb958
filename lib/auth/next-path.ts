/**
 * A path on this site only, for the ?next= round trip after sign-in (anything else becomes "/").
 * Checked the way a browser will read it: the WHATWG URL parser drops tabs and newlines and treats
 * "\" as "/", so "/\t/evil.example" or "/\\evil.example" would otherwise leave the site.
 */
const BASE = "http://stepwise.invalid";

export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/")) return "/";
  // Control characters and backslashes have no business in our paths; refuse rather than repair.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
