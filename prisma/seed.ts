/**
 * Idempotent seed: demo instructor and student, the demo course, and the shipped exercises.
 * Running it again changes nothing; a missing piece is recreated.
 */
import { createPrismaClient } from "../lib/platform/prisma-client";
import { resolveDatabaseUrl } from "../lib/platform/database-url";
import { hashPassword } from "../lib/auth/password";
import { createExercise } from "../lib/exercises/queries";
import { seedExercises, demoAccounts, demoCourse, DEMO_PASSWORD } from "./fixtures";
import type { PrismaClient } from "../generated/prisma/client";

export async function seed(db: PrismaClient): Promise<{ created: string[] }> {
  const created: string[] = [];

  async function ensureUser(account: (typeof demoAccounts)[keyof typeof demoAccounts]) {
    const existing = await db.user.findUnique({ where: { email: account.email } });
    if (existing) return existing;
    created.push(`user ${account.email}`);
    return db.user.create({
      data: { email: account.email, name: account.name, role: account.role, passwordHash: await hashPassword(DEMO_PASSWORD) },
    });
  }

  const instructor = await ensureUser(demoAccounts.instructor);
  const student = await ensureUser(demoAccounts.student);

  let course = await db.course.findFirst({ where: { ownerId: instructor.id, title: demoCourse.title } });
  if (!course) {
    created.push(`course ${demoCourse.title}`);
    course = await db.course.create({
      data: { ...demoCourse, ownerId: instructor.id },
    });
  }
  await db.enrolment.upsert({
    where: { userId_courseId: { userId: student.id, courseId: course.id } },
    create: { userId: student.id, courseId: course.id },
    update: {},
  });

  for (const [position, definition] of seedExercises.entries()) {
    let exercise = await db.exercise.findUnique({ where: { slug: definition.slug } });
    if (!exercise) {
      created.push(`exercise ${definition.slug}`);
      exercise = await db.$transaction((tx) =>
        createExercise(tx, definition, { authorId: instructor.id, courseId: course.id }),
      );
    }
    await db.assignment.upsert({
      where: { courseId_exerciseId: { courseId: course.id, exerciseId: exercise.id } },
      create: { courseId: course.id, exerciseId: exercise.id, position },
      update: {},
    });
  }
  return { created };
}

async function main() {
  const db = createPrismaClient(resolveDatabaseUrl(process.env.DATABASE_URL));
  try {
    const { created } = await seed(db);
    console.log(created.length ? `Seeded: ${created.join(", ")}` : "Seed: nothing to do (already seeded)");
  } finally {
    await db.$disconnect();
  }
}

// Run when executed directly (prisma db seed / tsx), not when imported by tests.
if (process.argv[1] && /seed\.ts$/.test(process.argv[1])) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
