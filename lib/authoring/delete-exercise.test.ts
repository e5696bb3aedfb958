import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { deleteExercise } from "./cores";
import { createExercise } from "@/lib/exercises/queries";
import { upsertAssignment } from "@/lib/courses/queries";
import { seedExercises } from "@/prisma/fixtures";
import type { CurrentUser } from "@/lib/auth/types";

let t: TestDb;
let author: CurrentUser;
let other: CurrentUser;
const pick = { id: true, email: true, name: true, role: true } as const;

beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  author = await t.db.user.findFirstOrThrow({ where: { role: "INSTRUCTOR" }, select: pick });
  other = await t.db.user.create({ data: { email: "other@delete.test", name: "O", passwordHash: "x", role: "INSTRUCTOR" }, select: pick });
});
afterAll(() => t.cleanup());

const draft = (slug: string) => t.db.$transaction((tx) => createExercise(tx, { ...seedExercises[1]!, slug, published: false }, { authorId: author.id }));

describe("deleting a draft exercise (issue #13 item 9)", () => {
  it("deletes an unpublished exercise without attempts, with its versions and assignments, for its author only", async () => {
    const exercise = await draft("to-delete");
    const course = await t.db.course.findFirstOrThrow({ where: { ownerId: author.id } });
    await upsertAssignment(t.db, course.id, exercise.id, null);
    expect(await deleteExercise(t.db, other, { exerciseId: exercise.id })).toMatchObject({ ok: false, status: 403 });
    expect(await deleteExercise(t.db, author, { exerciseId: exercise.id })).toEqual({ ok: true });
    expect(await t.db.exercise.count({ where: { id: exercise.id } })).toBe(0);
    expect(await t.db.exerciseVersion.count({ where: { exerciseId: exercise.id } })).toBe(0);
    expect(await t.db.assignment.count({ where: { exerciseId: exercise.id } })).toBe(0);
  });

  it("refuses a published exercise and one with student attempts", async () => {
    const published = await t.db.exercise.findUniqueOrThrow({ where: { slug: "logistic-regression-gradient" } });
    expect(await deleteExercise(t.db, author, { exerciseId: published.id })).toMatchObject({ ok: false, status: 409 });
    await t.db.exercise.update({ where: { id: published.id }, data: { published: false } });
    const step = await t.db.step.findFirstOrThrow({ where: { versionId: published.currentVersionId! } });
    const student = await t.db.user.findFirstOrThrow({ where: { role: "STUDENT" } });
    await t.db.attempt.create({ data: { userId: student.id, stepId: step.id, stepKey: step.key, exerciseId: published.id, answer: "a", parsed: "a", verdict: "INCORRECT", seed: 1 } });
    expect(await deleteExercise(t.db, author, { exerciseId: published.id })).toMatchObject({ ok: false, status: 409 });
    expect(await t.db.exercise.count({ where: { id: published.id } })).toBe(1);
  });
});
