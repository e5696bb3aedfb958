import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";

// A plain .mjs file (no types): imported by a path that TypeScript does not resolve.
const configPath: string = "../next.config.mjs";

describe("security headers (next.config.mjs)", () => {
  it("every path forbids framing and MIME sniffing and keeps URLs out of the Referer", async () => {
    const nextConfig = ((await import(configPath)) as { default: NextConfig }).default;
    const rules = (await nextConfig.headers?.()) ?? [];
    const all = rules.find((r) => r.source === "/:path*");
    expect(all).toBeDefined();
    const headers = Object.fromEntries((all?.headers ?? []).map((h) => [h.key.toLowerCase(), h.value]));
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(headers["content-security-policy"]).toMatch(/object-src 'none'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
  });

  it("leaves HSTS to proxy.ts: build-time headers would also reach the plain-http local demo", async () => {
    const nextConfig = ((await import(configPath)) as { default: NextConfig }).default;
    const rules = (await nextConfig.headers?.()) ?? [];
    const keys = rules.flatMap((r) => r.headers.map((h) => h.key.toLowerCase()));
    expect(keys).not.toContain("strict-transport-security");
  });
});
