import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testProvider, type TestDb } from "@/lib/testing/test-db";
import { databaseProviderOf } from "./prisma-client";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.cleanup());

describe("databaseProviderOf", () => {
  it("names the provider of the client and of its transaction clients", async () => {
    expect(databaseProviderOf(t.db)).toBe(testProvider());
    await t.db.$transaction(async (tx) => expect(databaseProviderOf(tx)).toBe(testProvider()));
  });

  it("stores a 32-bit unsigned seed exactly (BIGINT: PostgreSQL's INTEGER stops at 2^31 - 1)", async () => {
    const user = await t.db.user.create({ data: { email: "seed@test.local", name: "S", passwordHash: "x" } });
    const ex = await t.db.exercise.create({ data: { slug: "seed-ex" } });
    const version = await t.db.exerciseVersion.create({ data: { exerciseId: ex.id, version: 1, title: "t", statement: "s" } });
    const step = await t.db.step.create({ data: { versionId: version.id, position: 0, key: "k", title: "t", prompt: "p", expected: "1" } });
    const seed = 2 ** 32 - 1;
    const a = await t.db.attempt.create({ data: { userId: user.id, stepId: step.id, stepKey: "k", exerciseId: ex.id, answer: "1", parsed: "1", verdict: "CORRECT", seed } });
    expect((await t.db.attempt.findUniqueOrThrow({ where: { id: a.id } })).seed).toBe(BigInt(seed));
  });
});
