import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("npm start (scripts/start.ts)", () => {
  it("refuses the insecure demo mode, before touching the database, when NODE_ENV=production is set", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "stepwise-start-"));
    const database = path.join(dir, "start.db");
    // A build marker, so that a script that wrongly went on would not start a `next build`.
    writeFileSync(path.join(dir, "BUILD_ID"), "test");
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${database}`, NEXT_DIST_DIR: dir, PORT: "3999" };
    delete env.SESSION_SECRET;
    delete env.STEPWISE_INSECURE_DEV_DEFAULTS;
    const tsx = require.resolve("tsx/cli");
    const result = await run(process.execPath, [tsx, "scripts/start.ts"], { env, timeout: 30_000 }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code ?? -1, stderr: e.stderr ?? "" }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Refusing to start: NODE_ENV=production is set, but SESSION_SECRET is not/);
    expect(existsSync(database)).toBe(false);
  });
});
