/**
 * Database side of e2e/analytics.spec.ts, run with tsx in a child process (Playwright's TypeScript
 * loader cannot import the generated Prisma client, which is ESM). Prints one JSON line.
 *   tsx e2e/analytics-db-task.ts demo               → runs demo:activity's logic; ids and names for the spec
 *   tsx e2e/analytics-db-task.ts enrolled <courseId> → number of students enrolled in the course
 *   tsx e2e/analytics-db-task.ts stale <exerciseId> <feedback> → dL_da attempts of the "1/a - 1/(1-a)" cluster without that feedback
 */
import { createPrismaClient } from "../lib/prisma-client";
import { resolveDatabaseUrl } from "../lib/database-url";
import { addDemoActivity, SIMULATED_NAMES } from "../scripts/demo-activity";
import { demoCourse } from "../prisma/fixtures";

async function main() {
  const [command, a = "", b = ""] = process.argv.slice(2);
  const db = createPrismaClient(resolveDatabaseUrl(process.env.DATABASE_URL));
  try {
    if (command === "demo") {
      const result = await addDemoActivity(db);
      const course = await db.course.findFirstOrThrow({ where: { joinCode: demoCourse.joinCode } });
      const exercise = await db.exercise.findUniqueOrThrow({ where: { slug: "logistic-regression-gradient" } });
      return { ...result, courseId: course.id, exerciseId: exercise.id, names: SIMULATED_NAMES.slice(0, result.students) };
    }
    if (command === "enrolled") return { count: await db.enrolment.count({ where: { courseId: a } }) };
    if (command === "stale") {
      const count = await db.attempt.count({
        where: { exerciseId: a, stepKey: "dL_da", answer: { in: ["1/a - 1/(1-a)", "1/a-1/(1-a)", "(1-2a)/(a(1-a))"] }, NOT: { feedback: b } },
      });
      return { count };
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
