/**
 * The tool's URLs (what a platform's registration form asks for) and the rules for the platform's
 * URLs. Pure: the CLI, the registration page and tests share it.
 */

export type ToolUrls = { login: string; launch: string; jwks: string; deepLinkReturn: string };

/** The tool's endpoints under the site's public origin (env().publicUrl). Deep-linking requests
 * are launches too: /lti/deep-link runs the launch handler (Moodle's "Content selection URL",
 * Canvas's deep-linking redirect URI). */
export function toolUrls(publicUrl: string): ToolUrls {
  const base = publicUrl.replace(/\/+$/, "");
  return { login: `${base}/lti/login`, launch: `${base}/lti/launch`, jwks: `${base}/lti/jwks`, deepLinkReturn: `${base}/lti/deep-link` };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Null when `value` may be a platform endpoint, else why not: https only, except plain http on a
 * loopback host when `allowInsecure` (STEPWISE_LTI_ALLOW_INSECURE=1, tests and local demos). No
 * credentials in the URL, no fragment.
 */
export function platformUrlProblem(value: string, allowInsecure: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an absolute URL`;
  }
  if (url.username || url.password) return `${value}: no user name or password in the URL`;
  if (url.hash) return `${value}: no #fragment`;
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:") {
    if (!LOOPBACK.has(url.hostname)) return `${value}: must use https (plain http only on localhost/127.0.0.1)`;
    if (!allowInsecure) return `${value}: must use https (plain http on loopback needs STEPWISE_LTI_ALLOW_INSECURE=1)`;
    return null;
  }
  return `${value}: must use https`;
}

/**
 * AGS 2.0: a line item's scores endpoint is the line item URL's path plus "/scores", with the
 * query string (Moodle's line items carry `?type_id=…`) kept after it.
 * `https://lms/li/7?type_id=2` → `https://lms/li/7/scores?type_id=2`.
 */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/scores`;
  return url.toString();
}

/** The exercise slug when `uri` is an exercise page of this site (`/exercises/<slug>` or
 * `/courses/<id>/exercises/<slug>`), else null. */
export function exerciseSlugFromUri(uri: string, publicUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.origin !== new URL(publicUrl).origin) return null;
  const m = /^(?:\/courses\/[^/]+)?\/exercises\/([a-z0-9][a-z0-9-]*)\/?$/i.exec(url.pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}
