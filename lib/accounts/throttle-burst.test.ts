/**
 * Join-code guessing and sign-ups are throttled for bursts of parallel requests too: each attempt
 * is counted atomically before any work, not checked first and counted afterwards.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { demoAccounts } from "@/prisma/fixtures";
import * as courses from "@/lib/courses/queries";
import { joinCourse } from "@/lib/courses/cores";
import { signUp } from "./cores";
import { JOIN_LIMIT, SIGN_UP_LIMIT } from "@/lib/auth/rate-limit";

vi.mock("@/lib/courses/queries", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/courses/queries")>();
  return { ...original, findCourseByJoinCode: vi.fn(original.findCourseByJoinCode) };
});
const lookups = vi.mocked(courses.findCourseByJoinCode);

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
});
afterAll(() => t.cleanup());

describe("throttling under bursts of parallel requests", () => {
  it(`looks up at most ${JOIN_LIMIT.points} guessed join codes per user, however many arrive at once`, async () => {
    const u = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.student.email }, select: { id: true, email: true, name: true, role: true } });
    lookups.mockClear();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => joinCourse(t.db, u, { joinCode: `GUESS-${1000 + i}` })));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(lookups.mock.calls.length).toBeLessThanOrEqual(JOIN_LIMIT.points);
  });

  it("a good join code does not use up the budget", async () => {
    await t.db.rateLimit.deleteMany();
    const u = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.student.email }, select: { id: true, email: true, name: true, role: true } });
    for (let i = 0; i < JOIN_LIMIT.points + 3; i++) expect((await joinCourse(t.db, u, { joinCode: "DEMO-2026" })).ok).toBe(true);
  });

  it(`creates at most ${SIGN_UP_LIMIT.points} accounts from one address, however many arrive at once`, async () => {
    const before = await t.db.user.count();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => signUp(t.db, null, { name: "Burst", email: `burst${i}@example.com`, password: "long-enough-password" }, { address: "192.0.2.200" })),
    );
    expect((await t.db.user.count()) - before).toBeLessThanOrEqual(SIGN_UP_LIMIT.points);
  });
});
