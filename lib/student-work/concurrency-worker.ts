/**
 * Child process for the multi-process concurrency test in student-work.test.ts: opens its own
 * connection to the test database (as a second `next start` worker would) and submits Checks for
 * the given students all at once. Prints {"failures": [...]} as one JSON line.
 *   tsx lib/student-work/concurrency-worker.ts <databaseUrl> <stepKey> <answer> <userId>...
 */
import { createPrismaClient } from "@/lib/platform/prisma-client";
import { checkAnswer } from "./cores";

async function main() {
  const [url, stepKey, answer, ...userIds] = process.argv.slice(2);
  if (!url || !stepKey || answer === undefined) throw new Error("usage: <databaseUrl> <stepKey> <answer> <userId>...");
  const db = createPrismaClient(url);
  try {
    const results = await Promise.all(
      userIds.map((id) =>
        checkAnswer(db, { id, email: `${id}@worker.test`, name: id, role: "STUDENT" }, { slug: "logistic-regression-gradient", stepKey, answer }).catch(
          (error: unknown) => ({ ok: false as const, thrown: String(error) }),
        ),
      ),
    );
    console.log(JSON.stringify({ failures: results.filter((r) => !r.ok) }));
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
