import { defineConfig } from "vitest/config";

/**
 * Two projects (docs/decisions/014-postgresql.md):
 * - `sqlite`: every unit and integration test, on SQLite (the default database);
 * - `postgres`: the suites that touch the database — data layer, permission matrix, concurrency —
 *   again on a real PostgreSQL server (lib/testing/pg-global-setup.ts starts one unless
 *   STEPWISE_TEST_PG_URL names one). Pure suites (grading, markdown, …) don't depend on the
 *   database and run once. A file opts in by matching POSTGRES_SUITES.
 */
const ALL = ["lib/**/*.test.ts", "proxy.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts", "prisma/**/*.test.ts"];
export const POSTGRES_SUITES = [
  "app/permissions.test.ts",
  "lib/accounts/*.test.ts",
  "lib/analytics/{course-attempts,csv,gradebook,known-mistake,known-mistake-bulk,shape-errors}.test.ts",
  "lib/auth/{session,session-store}.test.ts",
  "lib/platform/prisma-client-provider.test.ts",
  "lib/authoring/{cores,delete-exercise,exercise-io,regrade,regrade-privacy,regrade-job}.test.ts",
  "lib/courses/cores.test.ts",
  "lib/exercises/queries-matrix.test.ts",
  "lib/student-work/{check-limit,cores,follow-through-attacks,hostile-input,per-course}.test.ts",
  "prisma/seed.test.ts",
  "scripts/exercises.test.ts",
  "scripts/pg-migrations.test.ts",
];
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
