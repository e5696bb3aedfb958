import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE_NAME } from "@/lib/auth/cookie";
import { proxy } from "./proxy";

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
});
