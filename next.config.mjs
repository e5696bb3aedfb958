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
      { source: "/:path*", headers: securityHeaders },
      // The deep-linking response is a page whose form posts the signed JWT to the LMS (another
      // origin): this one path drops `form-action 'self'`; the route sets its own CSP naming the
      // platform's origin as the only form target (lib/lti/html.ts). Later rules override earlier ones.
      { source: "/lti/deep-link/:requestId/respond", headers: [{ key: "Content-Security-Policy", value: deepLinkResponseCsp }] },
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

/** The deep-linking response page (see headers()): everything of the default CSP but form-action. */
export const deepLinkResponseCsp = "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

export default nextConfig;
