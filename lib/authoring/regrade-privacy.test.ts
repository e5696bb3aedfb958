/**
 * The regrade summary names students only to someone who may see their work (lib/auth/policy
 * mayViewAttempt: the owner of the course the attempt was made in, while the student is enrolled).
 * An author whose published exercise another instructor assigned sees those changes anonymised.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { demoAccounts } from "@/prisma/fixtures";
import type { CurrentUser } from "@/lib/auth/types";
import { regradeExercise } from "./regrade";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
});
afterAll(() => t.cleanup());

describe("regrade summary and other instructors' students", () => {
  it("names the author's own course students, but not students of another instructor's course", async () => {
    const select = { id: true, email: true, name: true, role: true } as const;
    const author: CurrentUser = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.instructor.email }, select });
    const ownStudent = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.student.email }, select });
    const ownCourse = await t.db.course.findFirstOrThrow({ where: { ownerId: author.id } });
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: "logistic-regression-gradient" } });
    const step = await t.db.step.findFirstOrThrow({ where: { versionId: exercise.currentVersionId!, key: "dL_da" } });

    // Another instructor assigns the published exercise in their own course.
    const other = await t.db.user.create({ data: { email: "olga@stepwise.test", name: "Olga", passwordHash: "x", role: "INSTRUCTOR" } });
    const otherCourse = await t.db.course.create({ data: { title: "Olga's course", ownerId: other.id } });
    await t.db.assignment.create({ data: { courseId: otherCourse.id, exerciseId: exercise.id } });
    const stranger = await t.db.user.create({ data: { email: "private.person@example.com", name: "Private Person", passwordHash: "x" } });
    await t.db.enrolment.create({ data: { userId: stranger.id, courseId: otherCourse.id } });

    // Right answers stored as INCORRECT: the regrade flips both.
    const right = "-y/a + (1-y)/(1-a)";
    const base = { exerciseId: exercise.id, stepId: step.id, stepKey: step.key, answer: right, parsed: right, verdict: "INCORRECT" as const, seed: 1 };
    await t.db.attempt.create({ data: { ...base, userId: ownStudent.id, courseId: ownCourse.id } });
    await t.db.attempt.create({ data: { ...base, userId: stranger.id, courseId: otherCourse.id } });

    const result = await regradeExercise(t.db, author, { exerciseId: exercise.id });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.changed).toHaveLength(2);
    expect(result.summary.changed.map((c) => c.userName)).toContain(ownStudent.name);
    const text = JSON.stringify(result.summary);
    expect(text).not.toContain("Private Person");
    expect(text).not.toContain(stranger.id);
  });
});
