import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { DEMO_PASSWORD, demoAccounts } from "@/prisma/fixtures";
import { createInvitation, findOpenInvitation, signIn, signUp, WRONG_CREDENTIALS } from "./cores";
import { SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
});
afterAll(() => t.cleanup());

let n = 0;
const address = () => `10.0.0.${++n}`;
const student = demoAccounts.student.email;

describe("sign-in", () => {
  it("signs the demo student in, case-insensitively, and returns no password hash", async () => {
    const result = await signIn(t.db, null, { email: "  Student@Stepwise.TEST ", password: DEMO_PASSWORD }, { address: address() });
    expect(result).toEqual({ ok: true, user: expect.objectContaining({ email: student, role: "STUDENT" }) });
    expect(JSON.stringify(result)).not.toMatch(/argon2|passwordHash|stepwise-demo/);
  });

  it("gives the same message for a wrong password and an unknown email, and runs argon2 for both", async () => {
    const wrong = await signIn(t.db, null, { email: student, password: "not-the-password" }, { address: address() });
    const started = performance.now();
    const unknown = await signIn(t.db, null, { email: "nobody@stepwise.test", password: "not-the-password" }, { address: address() });
    const elapsed = performance.now() - started;
    expect(wrong).toEqual({ ok: false, status: 401, formError: WRONG_CREDENTIALS });
    expect(unknown).toEqual(wrong);
    expect(elapsed).toBeGreaterThan(10); // a dummy argon2 verification, not an early return
    await t.db.rateLimit.deleteMany();
  });

  it("rejects malformed input as field errors, never a throw", async () => {
    const result = await signIn(t.db, null, { email: "not-an-email", password: "" }, { address: address() });
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { email: expect.any(Array), password: expect.any(Array) } });
    expect(await signIn(t.db, null, null, { address: address() })).toMatchObject({ ok: false, status: 400 });
  });

  it(`locks an account after ${SIGN_IN_LIMITS.account.points} failures, even for the right password, with the wait in seconds`, async () => {
    await t.db.user.create({ data: { email: "locked@stepwise.test", name: "L", passwordHash: (await t.db.user.findFirstOrThrow({ where: { email: student } })).passwordHash } });
    const results = [];
    for (let i = 0; i < SIGN_IN_LIMITS.account.points; i++) {
      results.push(await signIn(t.db, null, { email: "locked@stepwise.test", password: `wrong-${i}` }, { address: address() }));
    }
    expect(results.slice(0, -1).every((r) => !r.ok && r.status === 401)).toBe(true);
    expect(results.at(-1)).toMatchObject({ ok: false, status: 429, formError: expect.stringMatching(/^Too many sign-in attempts\. Try again in \d+ s\.$/) });
    const right = await signIn(t.db, null, { email: "locked@stepwise.test", password: DEMO_PASSWORD }, { address: address() });
    expect(right).toMatchObject({ ok: false, status: 429 });
    const seconds = Number((right as { formError: string }).formError.match(/in (\d+) s/)![1]);
    expect(seconds).toBeGreaterThan(SIGN_IN_LIMITS.account.duration - 60);
    expect(seconds).toBeLessThanOrEqual(SIGN_IN_LIMITS.account.duration);
    // Other accounts are unaffected.
    expect((await signIn(t.db, null, { email: student, password: DEMO_PASSWORD }, { address: address() })).ok).toBe(true);
  });

  it(`limits one address to ${SIGN_IN_LIMITS.address.points} failures across many accounts`, async () => {
    const ip = "192.0.2.77";
    let last;
    for (let i = 0; i < SIGN_IN_LIMITS.address.points; i++) {
      last = await signIn(t.db, null, { email: `spray-${i}@stepwise.test`, password: "guess-guess" }, { address: ip });
    }
    expect(last).toMatchObject({ ok: false, status: 429 });
    expect(await signIn(t.db, null, { email: student, password: DEMO_PASSWORD }, { address: ip })).toMatchObject({ ok: false, status: 429 });
    expect((await signIn(t.db, null, { email: student, password: DEMO_PASSWORD }, { address: "192.0.2.78" })).ok).toBe(true);
  });

  it("a success clears the account's earlier failures", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.account.points - 1; i++) {
      await signIn(t.db, null, { email: student, password: "nope-nope" }, { address: address() });
    }
    expect((await signIn(t.db, null, { email: student, password: DEMO_PASSWORD }, { address: address() })).ok).toBe(true);
    for (let i = 0; i < SIGN_IN_LIMITS.account.points - 1; i++) {
      expect(await signIn(t.db, null, { email: student, password: "nope-nope" }, { address: address() })).toMatchObject({ status: 401 });
    }
  });
});

describe("sign-up", () => {
  const base = { name: "New Student", password: "correct horse battery" };

  it("creates a student enrolled in the course of a valid join code (any case)", async () => {
    const result = await signUp(t.db, null, { ...base, email: "new1@example.com", joinCode: "demo-2026" }, { address: address() });
    expect(result).toMatchObject({ ok: true, user: { email: "new1@example.com", role: "STUDENT" } });
    if (!result.ok) throw new Error("unreachable");
    expect(await t.db.enrolment.count({ where: { userId: result.user.id } })).toBe(1);
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: result.user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("an unknown join code is a field error and creates nothing", async () => {
    const before = await t.db.user.count();
    const result = await signUp(t.db, null, { ...base, email: "new2@example.com", joinCode: "NOPE-0000" }, { address: address() });
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { joinCode: [expect.stringContaining("No course")] } });
    expect(await t.db.user.count()).toBe(before);
  });

  it("enforces 8–256 characters and no composition rules", async () => {
    expect(await signUp(t.db, null, { ...base, email: "p1@example.com", password: "short" }, { address: address() })).toMatchObject({
      fieldErrors: { password: [expect.stringContaining("8")] },
    });
    expect(await signUp(t.db, null, { ...base, email: "p2@example.com", password: "x".repeat(257) }, { address: address() })).toMatchObject({
      fieldErrors: { password: [expect.stringContaining("256")] },
    });
    // Lower-case letters and spaces only: no digit, capital or symbol is demanded.
    expect((await signUp(t.db, null, { ...base, email: "p3@example.com", password: "purple elephant umbrella" }, { address: address() })).ok).toBe(true);
  });

  it("refuses common and breached-list passwords with zxcvbn's advice, creating nothing and not counting", async () => {
    const before = await t.db.user.count();
    const ip = "198.51.100.77";
    for (const [i, weak] of ["12345678", "password", "aaaaaaaa", "newstudent1"].entries()) {
      const result = await signUp(t.db, null, { ...base, email: `weak${i}@example.com`, password: weak }, { address: ip });
      expect(result, weak).toMatchObject({ ok: false, status: 400, fieldErrors: { password: [expect.stringMatching(/^This password is too easy to guess: \S/)] } });
    }
    expect(await t.db.user.count()).toBe(before);
    expect(await t.db.rateLimit.count({ where: { key: { contains: ip } } })).toBe(0);
  });

  it("an invitation cannot be accepted with a weak password either", async () => {
    const instructor = await t.db.user.findFirstOrThrow({ where: { role: "INSTRUCTOR" } });
    const user = { id: instructor.id, email: instructor.email, name: instructor.name, role: "INSTRUCTOR" as const };
    const invitation = await createInvitation(t.db, user, { email: "weak-prof@example.com" });
    if (!invitation.ok) throw new Error(invitation.formError);
    const result = await signUp(t.db, null, { ...base, email: "weak-prof@example.com", password: "password1", invite: invitation.token }, { address: address() });
    expect(result).toMatchObject({ ok: false, fieldErrors: { password: [expect.stringContaining("too easy to guess")] } });
    expect(await findOpenInvitation(t.db, invitation.token)).not.toBeNull(); // still usable with a better password
  });

  it("refuses a second account for the same email", async () => {
    const result = await signUp(t.db, null, { ...base, email: "NEW1@example.com" }, { address: address() });
    expect(result).toMatchObject({ ok: false, status: 409 });
  });

  it("an invitation creates an instructor, once, for the invited email only", async () => {
    const instructor = await t.db.user.findFirstOrThrow({ where: { role: "INSTRUCTOR" } });
    const user = { id: instructor.id, email: instructor.email, name: instructor.name, role: "INSTRUCTOR" as const };
    const invitation = await createInvitation(t.db, user, { email: "Prof@Example.com" });
    if (!invitation.ok) throw new Error(invitation.formError);
    expect(await findOpenInvitation(t.db, invitation.token)).not.toBeNull();
    const stored = await t.db.invitation.findFirstOrThrow({ where: { email: "prof@example.com" } });
    expect(stored.tokenHash).not.toBe(invitation.token);

    expect(await signUp(t.db, null, { ...base, email: "other@example.com", invite: invitation.token }, { address: address() })).toMatchObject({
      ok: false,
      fieldErrors: { email: expect.any(Array) },
    });
    const accepted = await signUp(t.db, null, { ...base, email: "prof@example.com", invite: invitation.token }, { address: address() });
    expect(accepted).toMatchObject({ ok: true, user: { role: "INSTRUCTOR" } });
    expect(await signUp(t.db, null, { ...base, email: "prof2@example.com", invite: invitation.token }, { address: address() })).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it("students cannot create invitations", async () => {
    const s = await t.db.user.findFirstOrThrow({ where: { email: student } });
    expect(await createInvitation(t.db, { id: s.id, email: s.email, name: s.name, role: "STUDENT" }, { email: "x@example.com" })).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it("limits sign-ups per address", async () => {
    const ip = "198.51.100.9";
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await signUp(t.db, null, { ...base, email: `bulk${i}@example.com`, password: "x" }, { address: ip }));
    // Invalid input is rejected before counting; valid attempts are counted.
    expect(results.every((r) => !r.ok && r.status === 400)).toBe(true);
    const counted = [];
    for (let i = 0; i < 11; i++) counted.push(await signUp(t.db, null, { ...base, email: `bulk${i}@example.com` }, { address: ip }));
    expect(counted.slice(0, 10).every((r) => r.ok)).toBe(true);
    expect(counted[10]).toMatchObject({ ok: false, status: 429 });
  });
});
