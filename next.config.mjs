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
};

export default nextConfig;
