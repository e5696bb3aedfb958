import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Two projects (docs/decisions/014-postgresql.md):
 * - `sqlite`: every unit and integration test, on SQLite (the default database);
 * - `postgres`: the suites that touch the database — data layer, permission matrix, concurrency —
 *   again on a real PostgreSQL server (lib/testing/pg-global-setup.ts starts one unless
 *   STEPWISE_TEST_PG_URL names one). Pure suites (grading, markdown, …) cannot differ by database
 *   and run once. A suite is on PostgreSQL too when it opens a test database (createTestDb, or
 *   withMockPlatform, the LTI suites' helper that opens one), runs the permission matrix, or names
 *   the provider (testProvider): found by reading the files, so a new data-layer suite is included
 *   without editing this list.
 */
const ALL = ["lib/**/*.test.ts", "proxy.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts", "prisma/**/*.test.ts"];
const root = path.dirname(new URL(import.meta.url).pathname);
export const POSTGRES_SUITES = ["lib", "app", "prisma", "scripts"]
  .flatMap((dir) => (readdirSync(path.join(root, dir), { recursive: true }) as string[]).map((f) => path.join(dir, f)))
  .filter((f) => f.endsWith(".test.ts") && /\b(createTestDb|withMockPlatform|runPermissionMatrix|testProvider|pgServerUrl)\b/.test(readFileSync(path.join(root, f), "utf8")))
  .sort();
// Suites that only make sense on one provider.
const SQLITE_ONLY = ["lib/platform/prisma-client.test.ts"];
const POSTGRES_ONLY = ["scripts/pg-migrations.test.ts"];

const reportJson = process.env.CI ? { reporters: ["default", "json"], outputFile: { json: "reports/vitest.json" } } : { reporters: ["default"] };

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    // Integration tests use their own databases (see lib/testing/test-db.ts).
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    ...reportJson,
    projects: [
      {
        extends: true,
        test: { name: "sqlite", include: ALL, exclude: ["e2e/**", "node_modules/**", ...POSTGRES_ONLY], env: { STEPWISE_TEST_DB: "sqlite" } },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: POSTGRES_SUITES,
          exclude: ["e2e/**", "node_modules/**", ...SQLITE_ONLY],
          env: { STEPWISE_TEST_DB: "postgresql" },
          globalSetup: ["lib/testing/pg-global-setup.ts"],
        },
      },
    ],
  },
});
