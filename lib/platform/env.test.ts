import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";
import { resolveDatabaseUrl } from "./database-url";

describe("parseEnv", () => {
  it("has safe development defaults", () => {
    const env = parseEnv({});
    expect(env.port).toBe(3000);
    expect(env.databaseUrl).toBe(resolveDatabaseUrl(undefined));
    expect(env.databaseUrl.endsWith("/prisma/dev.db")).toBe(true);
    expect(env.secureCookies).toBe(false);
    expect(env.sessionSecret.length).toBeGreaterThan(0);
  });

  it("refuses to run in production without a session secret", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET must be set in production/);
  });

  it("accepts a production secret and turns on secure cookies", () => {
    const env = parseEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) });
    expect(env.secureCookies).toBe(true);
  });

  it("rejects a short secret and a bad port with readable messages", () => {
    expect(() => parseEnv({ SESSION_SECRET: "short" })).toThrow(/at least 32 characters/);
    expect(() => parseEnv({ PORT: "99999" })).toThrow(/PORT/);
  });

  it("trusts no forwarding header unless TRUST_PROXY says which proxies to trust", () => {
    expect(parseEnv({}).trustProxy).toEqual({ kind: "none" });
    expect(parseEnv({ TRUST_PROXY: "1" }).trustProxy).toEqual({ kind: "hops", count: 1 });
    expect(parseEnv({ TRUST_PROXY: "10.0.0.0/8,::1" }).trustProxy.kind).toBe("ranges");
    expect(() => parseEnv({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY: .*any client can write/);
    expect(() => parseEnv({ TRUST_PROXY: "my-proxy" })).toThrow(/TRUST_PROXY: "my-proxy" is not an IP address/);
  });

  it("limits checks to 30 per student per minute unless CHECK_RATE_LIMIT says otherwise (0 = off)", () => {
    expect(parseEnv({}).checkRateLimit).toBe(30);
    expect(parseEnv({ CHECK_RATE_LIMIT: "0" }).checkRateLimit).toBe(0);
    expect(parseEnv({ CHECK_RATE_LIMIT: "120" }).checkRateLimit).toBe(120);
    expect(() => parseEnv({ CHECK_RATE_LIMIT: "-1" })).toThrow(/CHECK_RATE_LIMIT/);
    expect(() => parseEnv({ CHECK_RATE_LIMIT: "lots" })).toThrow(/CHECK_RATE_LIMIT/);
  });

  it("sends mail through SMTP_URL when set (then production needs APP_URL for links), else to the dev outbox", () => {
    expect(parseEnv({})).toMatchObject({ smtpUrl: null, appUrl: null, production: false });
    expect(parseEnv({ SMTP_URL: "smtp://u:p@mail.example:587", APP_URL: "https://stepwise.example/x" })).toMatchObject({
      smtpUrl: "smtp://u:p@mail.example:587",
      appUrl: "https://stepwise.example",
    });
    expect(() => parseEnv({ SMTP_URL: "mail.example" })).toThrow(/SMTP_URL/);
    expect(() => parseEnv({ APP_URL: "not a url" })).toThrow(/APP_URL/);
    const secret = "s".repeat(40);
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: secret, SMTP_URL: "smtp://mail.example" })).toThrow(/APP_URL/);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: secret }).production).toBe(true);
  });

  it("does not demand the secret while next build collects page data", () => {
    expect(() => parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });
});

describe("resolveDatabaseUrl", () => {
  it("resolves relative paths against the project root once", () => {
    expect(resolveDatabaseUrl("file:./prisma/x.db", "/srv/app")).toBe("file:/srv/app/prisma/x.db");
    expect(resolveDatabaseUrl("file:/abs/y.db", "/srv/app")).toBe("file:/abs/y.db");
  });

  it("keeps PostgreSQL URLs as given and rejects anything else", () => {
    expect(resolveDatabaseUrl("postgres://u@localhost/x")).toBe("postgres://u@localhost/x");
    expect(resolveDatabaseUrl(" postgresql://u@db:5432/x ")).toBe("postgresql://u@db:5432/x");
    expect(() => resolveDatabaseUrl("mysql://localhost/x")).toThrow(/SQLite file: URL or a postgresql/);
  });
});
