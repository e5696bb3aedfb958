/**
 * Database side of the e2e specs, run with tsx in a child process (Playwright's own TypeScript
 * loader cannot import the generated Prisma client, which is ESM). Prints one JSON line.
 *   tsx e2e/db-task.ts create-student <label>        → { id, email, name, password }, enrolled in the demo course
 *   tsx e2e/db-task.ts key <slug>                    → the answer key of an exercise (for the leak test)
 *   tsx e2e/db-task.ts demo                          → runs demo:activity's logic; ids and names for the analytics spec
 *   tsx e2e/db-task.ts enrolled <courseId>           → number of students enrolled in the course
 *   tsx e2e/db-task.ts stale <exerciseId> <feedback> → dL_da attempts of the "1/a - 1/(1-a)" cluster without that feedback
 *   tsx e2e/db-task.ts demo-course                   → { courseId } of the demo course
 *   tsx e2e/db-task.ts params <slug> <userId>        → the user's per-student parameters in that exercise
 *   tsx e2e/db-task.ts confirm-world               → a course of the demo instructor with one student and a draft exercise
 *   tsx e2e/db-task.ts second-course <userId>       → another instructor's course assigning the demo exercise, due yesterday, with the student enrolled
 *   tsx e2e/db-task.ts work <userId>                 → { attempts, drafts, reveals }: what a student has stored
 */
import { randomUUID } from "node:crypto";
import { createPrismaClient, type PrismaClient } from "../lib/platform/prisma-client";
import { resolveDatabaseUrl } from "../lib/platform/database-url";
import { hashPassword } from "../lib/auth/password";
import { createExercise, findExerciseBySlug, toVariableDefinition } from "../lib/exercises/queries";
import { drawParameters } from "../lib/exercises/parameters";
import { addDemoActivity, SIMULATED_NAMES } from "../scripts/demo-activity";
import { demoAccounts, demoCourse, DEMO_PASSWORD, seedExercises } from "../prisma/fixtures";

const commands: Record<string, (db: PrismaClient, a: string, b: string) => Promise<unknown>> = {
  async "create-student"(db, label) {
    const course = await db.course.findFirstOrThrow({ where: { joinCode: demoCourse.joinCode } });
    const email = `${label || "student"}-${randomUUID().slice(0, 8)}@e2e.stepwise.test`;
    const name = "E2E Student";
    const user = await db.user.create({
      data: { email, name, role: "STUDENT", passwordHash: await hashPassword(DEMO_PASSWORD), enrolments: { create: { courseId: course.id } } },
    });
    return { id: user.id, email, name, password: DEMO_PASSWORD };
  },

  async key(db, slug) {
    const version = (await findExerciseBySlug(db, slug))?.currentVersion;
    if (!version) throw new Error(`no exercise ${slug}`);
    return {
      variables: version.variables.map((v) => v.name),
      publicText: [version.statement, ...version.steps.map((s) => `${s.title}\n${s.prompt}`)].join("\n"),
      steps: version.steps.map((s) => ({ key: s.key, expected: s.expected, mistakes: s.mistakes.map((m) => m.expression) })),
    };
  },

  async demo(db) {
    const result = await addDemoActivity(db);
    const course = await db.course.findFirstOrThrow({ where: { joinCode: demoCourse.joinCode } });
    const exercise = await db.exercise.findUniqueOrThrow({ where: { slug: "logistic-regression-gradient" } });
    return { ...result, courseId: course.id, exerciseId: exercise.id, names: SIMULATED_NAMES.slice(0, result.students) };
  },

  async params(db, slug, userId) {
    const exercise = await findExerciseBySlug(db, slug);
    if (!exercise?.currentVersion) throw new Error(`no exercise ${slug}`);
    return drawParameters(exercise.currentVersion.variables.map(toVariableDefinition), exercise.id, userId);
  },

  async "demo-course"(db) {
    const course = await db.course.findFirstOrThrow({ where: { joinCode: demoCourse.joinCode } });
    return { courseId: course.id };
  },

  async enrolled(db, courseId) {
    return { count: await db.enrolment.count({ where: { courseId } }) };
  },

  async "confirm-world"(db) {
    const instructor = await db.user.findUniqueOrThrow({ where: { email: demoAccounts.instructor.email } });
    const tag = randomUUID().slice(0, 8);
    const course = await db.course.create({ data: { title: `Dialogs ${tag}`, ownerId: instructor.id, joinCode: `DLG-${tag.toUpperCase()}` } });
    const student = await db.user.create({
      data: { email: `dialog-${tag}@e2e.stepwise.test`, name: `Dana ${tag}`, passwordHash: "x", enrolments: { create: { courseId: course.id } } },
    });
    const title = `Draft to delete ${tag}`;
    await db.$transaction((tx) => createExercise(tx, { ...seedExercises[1]!, slug: `draft-${tag}`, title, published: false }, { authorId: instructor.id }));
    return { courseId: course.id, joinCode: course.joinCode, studentName: student.name, draftTitle: title };
  },

  async "second-course"(db, userId) {
    const tag = randomUUID().slice(0, 8);
    const owner = await db.user.create({ data: { email: `owner-${tag}@e2e.stepwise.test`, name: "Other Instructor", role: "INSTRUCTOR", passwordHash: "x" } });
    const exercise = await db.exercise.findUniqueOrThrow({ where: { slug: "logistic-regression-gradient" } });
    const course = await db.course.create({
      data: {
        title: `Other course ${tag}`,
        ownerId: owner.id,
        enrolments: { create: { userId } },
        assignments: { create: { exerciseId: exercise.id, dueAt: new Date(Date.now() - 24 * 3600 * 1000) } },
      },
    });
    return { courseId: course.id, title: course.title };
  },

  async work(db, userId) {
    const [attempts, drafts, reveals] = await Promise.all([
      db.attempt.count({ where: { userId } }),
      db.draft.findMany({ where: { userId }, select: { stepKey: true, text: true } }),
      db.solutionReveal.count({ where: { userId } }),
    ]);
    return { attempts, drafts, reveals };
  },

  /** A course of the demo instructor with the tanh exercise overdue (due yesterday, 10 points, −20 %/day up to −50 %), the user enrolled. */
  async "late-course"(db, userId) {
    const owner = await db.user.findUniqueOrThrow({ where: { email: demoAccounts.instructor.email } });
    const tanh = await db.exercise.findUniqueOrThrow({ where: { slug: "tanh-derivative" } });
    const title = `Late course ${randomUUID().slice(0, 6)}`;
    const course = await db.course.create({ data: { title, ownerId: owner.id, enrolments: { create: { userId } } } });
    await db.assignment.create({
      data: { courseId: course.id, exerciseId: tanh.id, dueAt: new Date(Date.now() - 24 * 3600 * 1000), points: 10, latePolicy: JSON.stringify({ kind: "per-day", percentPerDay: 20, maxPercent: 50 }) },
    });
    return { courseId: course.id, title };
  },

  async stale(db, exerciseId, feedback) {
    const count = await db.attempt.count({
      where: { exerciseId, stepKey: "dL_da", answer: { in: ["1/a - 1/(1-a)", "1/a-1/(1-a)", "(1-2a)/(a(1-a))"] }, NOT: { feedback } },
    });
    return { count };
  },
};

async function main() {
  const [command = "", a = "", b = ""] = process.argv.slice(2);
  const run = commands[command];
  if (!run) throw new Error(`unknown command ${command}`);
  const db = createPrismaClient(resolveDatabaseUrl(process.env.DATABASE_URL));
  try {
    return await run(db, a, b);
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
