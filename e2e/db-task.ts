/**
 * Database set-up for e2e fixtures, run with tsx in a child process (Playwright's own TypeScript
 * loader cannot import the generated Prisma client, which is ESM). Prints one JSON line.
 *   tsx e2e/db-task.ts create-student <label>   → { id, email, name, password }
 *   tsx e2e/db-task.ts key <slug>               → the answer key of an exercise (for the leak test)
 */
import { randomUUID } from "node:crypto";
import { createPrismaClient } from "../lib/prisma-client";
import { resolveDatabaseUrl } from "../lib/database-url";
import { hashPassword } from "../lib/auth/password";
import { findExerciseBySlug } from "../lib/data/exercises";
import { demoCourse, DEMO_PASSWORD } from "../prisma/fixtures";

async function main() {
  const [command, arg = ""] = process.argv.slice(2);
  const db = createPrismaClient(resolveDatabaseUrl(process.env.DATABASE_URL));
  try {
    if (command === "create-student") {
      const course = await db.course.findFirstOrThrow({ where: { joinCode: demoCourse.joinCode } });
      const email = `${arg || "student"}-${randomUUID().slice(0, 8)}@e2e.stepwise.test`;
      const name = "E2E Student";
      const user = await db.user.create({
        data: { email, name, role: "STUDENT", passwordHash: await hashPassword(DEMO_PASSWORD), enrolments: { create: { courseId: course.id } } },
      });
      return { id: user.id, email, name, password: DEMO_PASSWORD };
    }
    if (command === "key") {
      const exercise = await findExerciseBySlug(db, arg);
      const version = exercise?.currentVersion;
      if (!version) throw new Error(`no exercise ${arg}`);
      return {
        variables: version.variables.map((v) => v.name),
        publicText: [version.statement, ...version.steps.map((s) => `${s.title}\n${s.prompt}`)].join("\n"),
        steps: version.steps.map((s) => ({ key: s.key, expected: s.expected, mistakes: s.mistakes.map((m) => m.expression) })),
      };
    }
    throw new Error(`unknown command ${command}`);
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
