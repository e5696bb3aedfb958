/**
 * Throttling must hold for a burst of parallel guesses too: each attempt is counted before its
 * password is verified, so firing many requests at once cannot try more passwords than the limit.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { DEMO_PASSWORD, demoAccounts } from "@/prisma/fixtures";
import * as password from "@/lib/auth/password";
import { signIn } from "./cores";
import { SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";

vi.mock("@/lib/auth/password", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/password")>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});
const verify = vi.mocked(password.verifyPassword);

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
});
afterAll(() => t.cleanup());

describe("sign-in throttling under a burst of parallel requests", () => {
  it(`verifies at most ${SIGN_IN_LIMITS.account.points} passwords of one account, however many arrive at once`, async () => {
    verify.mockClear();
    const burst = Array.from({ length: 25 }, (_, i) =>
      signIn(t.db, null, { email: demoAccounts.student.email, password: `guess-${i}-guess` }, { address: `198.51.100.${i + 1}` }),
    );
    const results = await Promise.all(burst);
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(SIGN_IN_LIMITS.account.points);
    // And the right password is refused too while the account is locked.
    expect(await signIn(t.db, null, { email: demoAccounts.student.email, password: DEMO_PASSWORD }, { address: "198.51.100.200" })).toMatchObject({ ok: false, status: 429 });
  });

  it(`verifies at most ${SIGN_IN_LIMITS.address.points} passwords from one address spraying many accounts at once`, async () => {
    await t.db.rateLimit.deleteMany();
    verify.mockClear();
    const burst = Array.from({ length: 60 }, (_, i) => signIn(t.db, null, { email: `spray-${i}@stepwise.test`, password: "guess-guess" }, { address: "203.0.113.9" }));
    await Promise.all(burst);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(SIGN_IN_LIMITS.address.points);
  });

  it("successful sign-ins from one address (a classroom behind one NAT) do not use up its budget", async () => {
    await t.db.rateLimit.deleteMany();
    for (let i = 0; i < SIGN_IN_LIMITS.address.points + 5; i++) {
      expect((await signIn(t.db, null, { email: demoAccounts.student.email, password: DEMO_PASSWORD }, { address: "203.0.113.50" })).ok).toBe(true);
    }
  });
});
