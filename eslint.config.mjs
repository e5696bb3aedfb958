import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next*/**", "generated/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
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
            { group: ["@prisma/*", "prisma", "@/generated/*", "**/generated/prisma/**", "@/lib/db", "@/lib/data/*"], message: "lib/grading must stay database-free." },
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
