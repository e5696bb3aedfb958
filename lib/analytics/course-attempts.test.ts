import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { recordGradedAttempt } from "@/lib/student-work/attempts";
import { demoAccounts, demoCourse } from "@/prisma/fixtures";
import { listCourseAttempts } from "./course-attempts";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
});
afterAll(async () => {
  await t.cleanup();
});

describe("listCourseAttempts on a matrix exercise", () => {
  it("shows a matrix answer as it was read: the product, display names and its shape", async () => {
    const student = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.student.email } });
    const course = await t.db.course.findFirstOrThrow({ where: { title: demoCourse.title } });
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: "two-layer-tanh-network" }, include: { currentVersion: { include: { steps: true } } } });
    const step = exercise.currentVersion!.steps.find((s) => s.key === "dW1")!;
    await recordGradedAttempt(t.db, {
      userId: student.id,
      exerciseId: exercise.id,
      courseId: course.id,
      stepId: step.id,
      stepKey: step.key,
      answer: "dZ1 X^T",
      parsed: "dZ1 @ X^T",
      verdict: "INCORRECT",
      feedback: "divide by m",
      diagnosis: null,
      mistakeId: null,
      seed: 1,
    });
    const [attempt] = await listCourseAttempts(t.db, course.id, { userId: student.id });
    // A names-only parse would read a scalar product (no shape, no display names).
    expect(attempt?.latex).toContain("dZ^{[1]}");
    expect(attempt?.latex).toMatch(/h \\times n/);
  });
});
