import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/platform/env";
import { startupWarnings } from "./startup-checks";

describe("startupWarnings", () => {
  it("warns when a production server runs the insecure demo mode", () => {
    expect(startupWarnings(parseEnv({ NODE_ENV: "production", STEPWISE_INSECURE_DEV_DEFAULTS: "1" }))).toEqual([
      expect.stringMatching(/INSECURE local demo mode.*Never serve this to a network/),
    ]);
  });

  it("is quiet in a real production setup and in development", () => {
    expect(startupWarnings(parseEnv({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(40) }))).toEqual([]);
    expect(startupWarnings(parseEnv({}))).toEqual([]);
  });
});
