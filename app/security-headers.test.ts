import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";

// A plain .mjs file (no types): imported by a path that TypeScript does not resolve.
const configPath: string = "../next.config.mjs";
const { ALL_BUT_LTI_ENDPOINTS } = (await import(configPath)) as { ALL_BUT_LTI_ENDPOINTS: string };
// Next's own copy of path-to-regexp, which matches `source` patterns (untyped: a string path).
const pathToRegexpModule: string = "next/dist/compiled/path-to-regexp";
const { pathToRegexp } = (await import(pathToRegexpModule)) as { pathToRegexp: (path: string, keys: unknown[], options: object) => RegExp };

describe("security headers (next.config.mjs)", () => {
  it("every path forbids framing and MIME sniffing and keeps URLs out of the Referer", async () => {
    const nextConfig = ((await import(configPath)) as { default: NextConfig }).default;
    const rules = (await nextConfig.headers?.()) ?? [];
    // Every path but the LTI endpoints whose responses set their own framing rule (next test).
    const all = rules.find((r) => r.source === ALL_BUT_LTI_ENDPOINTS);
    expect(all).toBeDefined();
    const headers = Object.fromEntries((all?.headers ?? []).map((h) => [h.key.toLowerCase(), h.value]));
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(headers["content-security-policy"]).toMatch(/object-src 'none'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
  });

  it("exempts only the LTI launch, deep-linking, deep-linking response and dynamic registration endpoints from the framing rule", async () => {
    const config = (await import(configPath)) as { ALL_BUT_LTI_ENDPOINTS: string };
    const matches = (path: string) => pathToRegexp(config.ALL_BUT_LTI_ENDPOINTS, [], { strict: true, sensitive: false, delimiter: "/" }).test(path);
    for (const path of ["/", "/sign-in", "/courses/c1/exercises/logistic-regression-gradient", "/lti", "/lti/jwks", "/lti/login", "/lti/link", "/lti/open", "/lti/deep-link/r1", "/author/x", "/lti/launch/x", "/lti/register/x"]) {
      expect(matches(path), path).toBe(true);
    }
    for (const path of ["/lti/launch", "/lti/deep-link", "/lti/deep-link/r1/respond", "/lti/register"]) expect(matches(path), path).toBe(false);
  });

  it("leaves HSTS to proxy.ts: build-time headers would also reach the plain-http local demo", async () => {
    const nextConfig = ((await import(configPath)) as { default: NextConfig }).default;
    const rules = (await nextConfig.headers?.()) ?? [];
    const keys = rules.flatMap((r) => r.headers.map((h) => h.key.toLowerCase()));
    expect(keys).not.toContain("strict-transport-security");
  });
});
