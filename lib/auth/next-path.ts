/**
 * A path on this site only, for the ?next= round trip after sign-in (anything else becomes "/").
 * Checked the way a browser will read it: the WHATWG URL parser drops tabs and newlines and treats
 * "\" as "/", so "/\t/evil.example" or "/\\evil.example" would otherwise leave the site.
 */
const BASE = "http://stepwise.invalid";

/**
 * `next` resolved against this site (dot segments, %2e, tabs and newlines handled as the browser
 * handles them), or "/" when it is not a path on this site. The result is itself safe to put in a
 * Location header: it starts with exactly one "/", so a browser cannot read it as another host.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/")) return "/";
  // Control characters and backslashes have no business in our paths; refuse rather than repair.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  const resolved = resolveOnSite(next);
  if (resolved === null) return "/";
  // Resolving removes dot segments, so "/.//evil.example" or "/%2e//evil.example" becomes
  // "//evil.example": same origin while resolved here, but protocol-relative once it is sent back
  // as a Location header. The result has to be safe on its own, not only the input.
  if (resolved.startsWith("//")) return "/";
  // Belt and braces: what we return must resolve to itself on this site.
  if (resolveOnSite(resolved) !== resolved) return "/";
  return resolved;
}

function resolveOnSite(path: string): string | null {
  let url: URL;
  try {
    url = new URL(path, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
