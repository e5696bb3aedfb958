/**
 * `npm run test:e2e:pg`: the e2e suite once against PostgreSQL (issue 18). Uses the server of
 * STEPWISE_TEST_PG_URL (.ci/run starts one) or starts a throwaway one (lib/testing/pg-server.ts),
 * builds unless `--no-build` (npm test has just built for the SQLite run), and runs Playwright
 * with E2E_DATABASE_URL on a database of its own; the Playwright JSON report goes to
 * reports/playwright-pg.json on CI. Extra arguments go to Playwright (e.g. a spec file).
 */
import { spawnSync } from "node:child_process";
import { databaseUrl, testPgServer } from "../lib/testing/pg-server";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const noBuild = args.includes("--no-build");
  const rest = args.filter((a) => a !== "--no-build");
  const { url: server, stop } = await testPgServer();
  try {
    if (!noBuild) {
      const build = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], { stdio: "inherit" });
      if (build.status !== 0) return build.status ?? 1;
    }
    const run = spawnSync(process.execPath, [require.resolve("@playwright/test/cli"), "test", ...rest], {
      stdio: "inherit",
      env: {
        ...process.env,
        E2E_DATABASE_URL: databaseUrl(server, "stepwise_e2e"),
        E2E_REPORT: process.env.E2E_REPORT ?? "reports/playwright-pg.json",
      },
    });
    return run.status ?? 1;
  } finally {
    stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
