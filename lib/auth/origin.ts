/**
 * Cross-site request check for server actions and route handlers (defence in depth: Next already
 * compares Origin and Host for server actions, and the session cookie is SameSite=Lax).
 * Browsers send Origin on every POST; where it is absent we fall back to Sec-Fetch-Site.
 * A request with neither is not from a modern browser, so it cannot be a CSRF carrier.
 */
export function isSameOriginRequest(h: { origin: string | null; host: string | null; secFetchSite: string | null }): boolean {
  if (h.origin !== null) {
    if (!h.host) return false;
    let originHost: string;
    try {
      originHost = new URL(h.origin).host; // "null" (opaque origins) throws and is rejected
    } catch {
      return false;
    }
    return originHost.toLowerCase() === h.host.toLowerCase();
  }
  return h.secFetchSite === null || h.secFetchSite === "same-origin" || h.secFetchSite === "none";
}
