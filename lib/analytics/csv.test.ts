/**
 * The attempts CSV follows the same rule as the student drill-down (lib/auth/policy mayViewAttempt):
 * the course owner sees a student's attempts only while that student is enrolled in the course.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { demoAccounts } from "@/prisma/fixtures";
import type { CurrentUser } from "@/lib/auth/types";
import { attemptsCsv } from "./csv";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
});
afterAll(() => t.cleanup());

describe("attempts CSV", () => {
  it("leaves out the attempts of students who are no longer enrolled in the course", async () => {
    const select = { id: true, email: true, name: true, role: true } as const;
    const instructor: CurrentUser = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.instructor.email }, select });
    const student = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.student.email }, select });
    const course = await t.db.course.findFirstOrThrow({ where: { ownerId: instructor.id } });
    const exercise = await t.db.exercise.findFirstOrThrow({ where: { assignments: { some: { courseId: course.id } } } });
    const step = await t.db.step.findFirstOrThrow({ where: { versionId: exercise.currentVersionId! } });
    await t.db.attempt.create({
      data: { userId: student.id, stepId: step.id, stepKey: step.key, exerciseId: exercise.id, courseId: course.id, answer: "secret-ish answer", parsed: "x", verdict: "INCORRECT", seed: 1 },
    });

    const enrolled = await attemptsCsv(t.db, instructor, { courseId: course.id });
    expect(enrolled.ok && enrolled.csv).toContain(student.email);

    await t.db.enrolment.delete({ where: { userId_courseId: { userId: student.id, courseId: course.id } } });
    const removed = await attemptsCsv(t.db, instructor, { courseId: course.id });
    expect(removed.ok).toBe(true);
    expect(removed.ok && removed.csv).not.toContain(student.email);
    expect(removed.ok && removed.csv).not.toContain("secret-ish answer");
  });
});
