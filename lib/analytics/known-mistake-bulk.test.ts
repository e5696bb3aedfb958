import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { applyFeedbackToPastAttempts } from "./known-mistake";
import { seedExercises } from "@/prisma/fixtures";
import type { Variable } from "@/lib/grading";

// More matching attempts than Prisma binds parameters in one SQLite statement (999).
const MATCHING = 2_000;

describe("applyFeedbackToPastAttempts at scale", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ seeded: true });
  });
  afterAll(async () => t?.cleanup());

  it("updates every matching past attempt, however many there are", async () => {
    const exercise = await t.db.exercise.findUniqueOrThrow({
      where: { slug: "logistic-regression-gradient" },
      select: { id: true, currentVersion: { select: { steps: { where: { key: "dL_da" }, select: { id: true } } } } },
    });
    const stepId = exercise.currentVersion!.steps[0]!.id;
    const student = await t.db.user.findUniqueOrThrow({ where: { email: "student@stepwise.test" } });
    const row = {
      userId: student.id,
      stepId,
      stepKey: "dL_da",
      exerciseId: exercise.id,
      answer: "1/a - 1/(1-a)",
      parsed: "1/a - 1/(1 - a)",
      verdict: "INCORRECT" as const,
      seed: 1,
    };
    await t.db.attempt.createMany({ data: Array.from({ length: MATCHING }, () => row) });

    const updated = await applyFeedbackToPastAttempts(t.db, {
      exerciseId: exercise.id,
      stepKey: "dL_da",
      expression: "1/a - 1/(1-a)",
      feedback: "Keep y: it multiplies both terms.",
      variables: seedExercises[0]!.variables as Variable[],
    });
    expect(updated).toBe(MATCHING);
    expect(await t.db.attempt.count({ where: { feedback: "Keep y: it multiplies both terms." } })).toBe(MATCHING);
  }, 60_000);
});
