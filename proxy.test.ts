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
  it("never re-issues the session cookie: it cannot tell a live token from a dead or made-up one", async () => {
    for (const value of ["dead-or-made-up-token", "a".repeat(43)]) {
      const response = await proxy(pageLoad(`${SESSION_COOKIE_NAME}=${value}`));
      expect(response.cookies.get(SESSION_COOKIE_NAME), value).toBeUndefined();
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });

  it("passes the requested path on for the sign-in round trip", async () => {
    const response = await proxy(pageLoad());
    expect(response.headers.get("x-middleware-request-x-stepwise-path")).toBe("/courses?tab=1");
  });

  describe("Strict-Transport-Security", () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it("is sent in production, where cookies are Secure and the site is on https", async () => {
      const production = await proxyWith({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(40), STEPWISE_INSECURE_DEV_DEFAULTS: "0" });
      const maxAge = Number(/max-age=(\d+)/.exec((await production(pageLoad())).headers.get("strict-transport-security") ?? "")?.[1]);
      expect(maxAge).toBeGreaterThanOrEqual(365 * 24 * 3600);
    });

    it("is not sent by the plain-http local demo or in development (it would pin https on localhost)", async () => {
      const demo = await proxyWith({ NODE_ENV: "production", SESSION_SECRET: undefined, STEPWISE_INSECURE_DEV_DEFAULTS: "1" });
      expect((await demo(pageLoad())).headers.get("strict-transport-security")).toBeNull();
      const development = await proxyWith({ NODE_ENV: "development", SESSION_SECRET: undefined, STEPWISE_INSECURE_DEV_DEFAULTS: undefined });
      expect((await development(pageLoad())).headers.get("strict-transport-security")).toBeNull();
    });
  });

  describe("server-action requests Next would answer with 500 (issue #13 item 6)", () => {
    const action = (body: BodyInit, headers: Record<string, string> = {}) =>
      new NextRequest("http://localhost:3000/exercises/x", {
        method: "POST",
        body,
        headers: { "next-action": "7f00", origin: "http://localhost:3000", host: "localhost:3000", "content-type": "text/plain;charset=UTF-8", ...headers },
      });

    it("refuses a foreign Origin (403), a non-JSON body (400) and an oversized one (413) with JSON", async () => {
      const foreign = await proxy(action('["a"]', { origin: "https://evil.example" }));
      expect(foreign.status).toBe(403);
      expect(await foreign.json()).toEqual({ error: "Cross-site request rejected." });
      expect((await proxy(action("not json"))).status).toBe(400);
      expect((await proxy(action(""))).status).toBe(400);
      expect((await proxy(action('[{"answer":"$1"}]'))).status).toBe(400);
      expect((await proxy(action(" ".repeat(2.5 * 1024 * 1024)))).status).toBe(413);
    });

    it("passes a well-formed action request on to Next", async () => {
      const response = await proxy(action('["course",{"slug":"s","stepKey":"k","answer":"$$1"}]'));
      expect(response.headers.get("x-middleware-next")).toBe("1");
    });
  });
});
