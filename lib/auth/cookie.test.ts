import { describe, expect, it } from "vitest";
import { SESSION_COOKIE_NAME, SESSION_TTL_MS, sessionCookieOptions } from "./cookie";
import { parseEnv } from "@/lib/platform/env";

describe("session cookie flags", () => {
  const expires = new Date(Date.now() + SESSION_TTL_MS);

  it("is httpOnly, SameSite=Lax, path / and expires with the session", () => {
    expect(sessionCookieOptions(expires, false)).toEqual({ httpOnly: true, sameSite: "lax", secure: false, path: "/", expires });
  });

  it("is Secure when the environment asks for secure cookies", () => {
    expect(sessionCookieOptions(expires, true).secure).toBe(true);
  });

  it("production turns secure cookies on; the explicit insecure local mode and development do not", () => {
    const secret = "x".repeat(40);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: secret }).secureCookies).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", STEPWISE_INSECURE_DEV_DEFAULTS: "1" }).secureCookies).toBe(false);
    expect(parseEnv({ NODE_ENV: "development" }).secureCookies).toBe(false);
  });

  it("has a stable name and a 30-day lifetime", () => {
    expect(SESSION_COOKIE_NAME).toBe("stepwise_session");
    expect(SESSION_TTL_MS).toBe(30 * 24 * 3600 * 1000);
  });
});
