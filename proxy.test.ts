import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SESSION_COOKIE_NAME } from "@/lib/auth/cookie";
import { proxy } from "./proxy";

/** proxy.ts as it runs with this environment (env() is read once per module instance). */
async function proxyWith(environment: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(environment)) vi.stubEnv(key, value);
  return (await import("./proxy")).proxy;
}

function pageLoad(cookie?: string) {
  return new NextRequest("http://localhost:3000/courses?tab=1", { headers: cookie ? { cookie } : {} });
}

describe("proxy.ts", () => {
  it("never re-issues the session cookie: it cannot tell a live token from a dead or made-up one", () => {
    for (const value of ["dead-or-made-up-token", "a".repeat(43)]) {
      const response = proxy(pageLoad(`${SESSION_COOKIE_NAME}=${value}`));
      expect(response.cookies.get(SESSION_COOKIE_NAME), value).toBeUndefined();
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });

  it("passes the requested path on for the sign-in round trip", () => {
    const response = proxy(pageLoad());
    expect(response.headers.get("x-middleware-request-x-stepwise-path")).toBe("/courses?tab=1");
  });

  describe("Strict-Transport-Security", () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it("is sent in production, where cookies are Secure and the site is on https", async () => {
      const production = await proxyWith({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(40), STEPWISE_INSECURE_DEV_DEFAULTS: "0" });
      const maxAge = Number(/max-age=(\d+)/.exec(production(pageLoad()).headers.get("strict-transport-security") ?? "")?.[1]);
      expect(maxAge).toBeGreaterThanOrEqual(365 * 24 * 3600);
    });

    it("is not sent by the plain-http local demo or in development (it would pin https on localhost)", async () => {
      const demo = await proxyWith({ NODE_ENV: "production", SESSION_SECRET: undefined, STEPWISE_INSECURE_DEV_DEFAULTS: "1" });
      expect(demo(pageLoad()).headers.get("strict-transport-security")).toBeNull();
      const development = await proxyWith({ NODE_ENV: "development", SESSION_SECRET: undefined, STEPWISE_INSECURE_DEV_DEFAULTS: undefined });
      expect(development(pageLoad()).headers.get("strict-transport-security")).toBeNull();
    });
  });
});
