/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let e2e runs and a dev server coexist (NEXT_DIST_DIR=.next-e2e).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` over the whole project (app, lib, scripts, tests) before
  // building; checking again inside `next build` would only double the time.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  experimental: {
    serverActions: { bodySizeLimit: "2mb" },
  },
  async headers() {
    return [
      { source: ALL_BUT_LTI_ENDPOINTS, headers: securityHeaders },
      { source: "/lti/:endpoint(launch|deep-link)", headers: ltiEndpointHeaders },
      { source: "/lti/deep-link/:requestId/respond", headers: ltiEndpointHeaders },
      { source: "/lti/register", headers: ltiEndpointHeaders },
    ];
  },
};

/**
 * Defence in depth on every response. No page may be framed (clickjacking of "remove student",
 * "revoke join code", "publish"); no plugins, no <base> or form targets elsewhere; no MIME
 * sniffing; and no path or query (invitation tokens live in /sign-up?invite=…) in the Referer.
 * Scripts are not restricted here: Next's inline bootstrap scripts would need per-request nonces.
 * HSTS is not here: these headers are fixed at build time, and the same build also serves the
 * plain-http local demo; proxy.ts adds it at run time when cookies are Secure (production).
 */
export const securityHeaders = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];

/**
 * Every path but the four LTI endpoints whose answers are built per request (lib/lti/html.ts,
 * docs/decisions/015): the launch and deep-linking POSTs, the deep-linking response, and the
 * dynamic registration page. An iframe launch's page may be framed by that launch's platform only,
 * the deep-linking response posts its form to the platform's origin, and the registration page
 * lives in the registering LMS's dialog; each of those responses sets its own CSP with exactly
 * those origins, and the redirects they otherwise answer have no body to frame.
 */
export const ALL_BUT_LTI_ENDPOINTS = "/:path((?!lti/launch$|lti/deep-link$|lti/deep-link/[^/]+/respond$|lti/register$).*)";

/** The LTI endpoints: the same headers but no framing rule (set per response). */
export const ltiEndpointHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];

export default nextConfig;
