import { describe, expect, it } from "vitest";
import { JOIN_CODE_ALPHABET, generateJoinCode, generateToken, hashToken, normaliseJoinCode } from "./tokens";
import { isSameOriginRequest } from "./origin";

describe("tokens", () => {
  it("session tokens are 256-bit, unique, and stored only as a sha-256 hex digest", () => {
    const a = generateToken();
    const b = generateToken();
    expect(Buffer.from(a, "base64url")).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toContain(a);
  });

  it("join codes are 8 characters from an alphabet without look-alikes, grouped 4-4", () => {
    for (let i = 0; i < 200; i++) {
      const code = generateJoinCode();
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      for (const ch of code.replace("-", "")) expect(JOIN_CODE_ALPHABET).toContain(ch);
      expect(code).not.toMatch(/[01OILU]/);
    }
  });

  it("join codes are compared case-insensitively and without spaces", () => {
    expect(normaliseJoinCode(" demo-2026 ")).toBe("DEMO-2026");
  });
});

describe("same-origin check", () => {
  const check = (origin: string | null, host: string | null, secFetchSite: string | null = null) =>
    isSameOriginRequest({ origin, host, secFetchSite });

  it("accepts a request whose Origin matches the Host", () => {
    expect(check("http://127.0.0.1:3301", "127.0.0.1:3301")).toBe(true);
    expect(check("https://stepwise.example", "STEPWISE.example")).toBe(true);
  });

  it("rejects another site, another port, an opaque origin and a missing Host", () => {
    expect(check("https://evil.example", "stepwise.example")).toBe(false);
    expect(check("http://127.0.0.1:9999", "127.0.0.1:3301")).toBe(false);
    expect(check("null", "stepwise.example")).toBe(false);
    expect(check("https://stepwise.example", null)).toBe(false);
  });

  it("without Origin, falls back on Sec-Fetch-Site", () => {
    expect(check(null, "stepwise.example", "cross-site")).toBe(false);
    expect(check(null, "stepwise.example", "same-site")).toBe(false);
    expect(check(null, "stepwise.example", "same-origin")).toBe(true);
    expect(check(null, "stepwise.example", null)).toBe(true);
  });
});
