import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["lib/**/*.test.ts", "proxy.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts", "prisma/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**"],
    // Integration tests use their own SQLite files (see lib/testing/test-db.ts).
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: process.env.CI ? { json: "reports/vitest.json" } : undefined,
  },
});
