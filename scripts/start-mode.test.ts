import { describe, expect, it } from "vitest";
import { startMode } from "./start-mode";

const secret = "s".repeat(40);

describe("startMode (npm start)", () => {
  it("runs securely when a session secret is given", () => {
    expect(startMode({ SESSION_SECRET: secret })).toEqual({ kind: "secure" });
    expect(startMode({ SESSION_SECRET: secret, NODE_ENV: "production" })).toEqual({ kind: "secure" });
  });

  it("runs the local demo without a secret, but says so loudly over several lines", () => {
    const mode = startMode({});
    expect(mode.kind).toBe("demo");
    if (mode.kind !== "demo") return;
    expect(mode.warning.split("\n").length).toBeGreaterThanOrEqual(5);
    expect(mode.warning).toMatch(/INSECURE/);
    expect(mode.warning).toMatch(/SESSION_SECRET/);
    expect(mode.warning).toMatch(/not marked Secure/);
  });

  it("refuses the insecure demo when NODE_ENV=production was set explicitly", () => {
    const noSecret = startMode({ NODE_ENV: "production" });
    expect(noSecret).toMatchObject({ kind: "refuse", message: expect.stringMatching(/NODE_ENV=production is set, but SESSION_SECRET is not/) });
    const forced = startMode({ NODE_ENV: "production", SESSION_SECRET: secret, STEPWISE_INSECURE_DEV_DEFAULTS: "1" });
    expect(forced).toMatchObject({ kind: "refuse", message: expect.stringMatching(/STEPWISE_INSECURE_DEV_DEFAULTS=1/) });
  });
});
