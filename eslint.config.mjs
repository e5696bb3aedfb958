import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The layers of lib/ (docs/decisions/004-lib-layout-and-action-contract.md), bottom first. A folder
 * may import the folders below it, never one above: arrows only point down. lib/grading sits
 * apart at the very bottom (pure: rules of its own below); lib/testing is for tests only and may
 * import anything.
 */
const LAYERS = ["platform", "auth", "exercises", "courses", "accounts", "student-work", "authoring", "analytics", "lti"];

const layerRules = LAYERS.map((layer, i) => ({
  files: [`lib/${layer}/**/*.ts`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          ...LAYERS.slice(i + 1).map((above) => ({
            group: [`@/lib/${above}`, `@/lib/${above}/*`, `**/lib/${above}/*`],
            message: `lib/${layer} sits below lib/${above}: imports only point down (docs/decisions/004).`,
          })),
          { group: ["@/lib/testing/*"], message: "lib/testing is for tests only." },
          { group: ["@/app/*"], message: "lib never imports app/: the route calls the core, not the other way round." },
          { group: ["../*"], message: "Import another lib folder as @/lib/<folder>/<file>, so the layer rule can see it." },
        ],
      },
    ],
  },
}));

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores(["**/.next*/**", "bench/floor/next-env.d.ts", "generated/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  ...layerRules,
  {
    // Tests may set up whatever they need (other layers' cores, lib/testing), and so may a
    // feature's test-only helpers (lib/<feature>/testing/, e.g. the mock LMS platform).
    files: ["lib/**/*.test.ts", "lib/**/concurrency-worker.ts", "lib/*/testing/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // The grading engine is pure TypeScript shared by the browser, the server, the CLI and
    // the benchmark: it must not depend on the framework, the UI or the database.
    files: ["lib/grading/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*"], message: "lib/grading must stay framework-free." },
            { group: ["react", "react/*", "react-dom", "react-dom/*"], message: "lib/grading must stay UI-free." },
            { group: ["@prisma/*", "prisma", "@/generated/*", "**/generated/prisma/**"], message: "lib/grading must stay database-free." },
            { group: ["@/lib/*", "!@/lib/grading", "!@/lib/grading/*"], message: "lib/grading is the bottom layer: it imports no other lib folder." },
            { group: ["node:*", "fs", "path", "child_process"], message: "lib/grading also runs in the browser." },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.name='eval']", message: "Never eval." },
        { selector: "NewExpression[callee.name='Function']", message: "Never build functions from text." },
      ],
    },
  },
]);
