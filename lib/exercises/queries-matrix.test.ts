import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { createExercise } from "@/lib/exercises/queries";
import { exerciseSchema } from "@/lib/exercises/definition";
import { vectorisedLogisticRegression } from "@/prisma/fixtures/matrix-exercises";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
});
afterAll(async () => {
  await t.cleanup();
});

describe("storage of matrix exercises (issue 15)", () => {
  it("refuses matrix variables instead of storing them as ranges (no columns for shape, values, integer, onehot, latex yet)", async () => {
    const owner = await t.db.user.findFirstOrThrow({ where: { role: "INSTRUCTOR" } });
    const def = exerciseSchema.parse(vectorisedLogisticRegression);
    await expect(createExercise(t.db, def, { authorId: owner.id })).rejects.toThrow("matrix variables");
    expect(await t.db.exercise.count({ where: { slug: def.slug } })).toBe(0);
  });
});
