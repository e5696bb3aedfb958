import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";

/**
 * e2e runs against the production build (`next build` into NEXT_DIST_DIR, then `next start`)
 * with its own SQLite file, prepared by the web server command (migrate deploy + seed) because
 * Playwright starts the web server before globalSetup.
 */
const port = Number(process.env.E2E_PORT ?? 3200);
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const databaseFile = process.env.E2E_DATABASE_FILE ?? "prisma/e2e.db";
// E2E_DATABASE_URL=postgresql://… runs the suite on PostgreSQL (npm run test:e2e:pg, scripts/e2e-pg.ts):
// the web server empties that database, migrates and seeds it, then serves.
const pgUrl = process.env.E2E_DATABASE_URL?.startsWith("postgres") ? process.env.E2E_DATABASE_URL : null;

// Debian's chromium where it exists (machines that cannot download browsers), else Playwright's own.
const chromiumPath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p): p is string => !!p && existsSync(p));

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI
    ? [["list"], ["json", { outputFile: process.env.E2E_REPORT ?? "reports/playwright.json" }]]
    : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: pgUrl
      ? `tsx scripts/db-reset.ts --empty && tsx scripts/prepare-db.ts && next start -p ${port}`
      : `rm -f ${databaseFile} ${databaseFile}-wal ${databaseFile}-shm && tsx scripts/prepare-db.ts && next start -p ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      DATABASE_URL: pgUrl ?? `file:./${databaseFile}`,
      NEXT_DIST_DIR: distDir,
      STEPWISE_INSECURE_DEV_DEFAULTS: "1",
      // LTI (e2e/lti.spec.ts): the mock platform listens on plain http on 127.0.0.1, and the tool's
      // URLs it is given must be the ones the browser uses.
      STEPWISE_LTI_ALLOW_INSECURE: "1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // Sign-in throttling stays on in e2e; tests use their own accounts to stay under it.
    },
    stdout: "ignore",
    stderr: "pipe",
  },
});
