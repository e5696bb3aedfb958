import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { hashToken } from "@/lib/auth/tokens";
import { verifyPassword } from "@/lib/auth/password";
import { isResetTokenOpen, requestPasswordReset, resetPassword, RESET_REQUESTED, RESET_TTL_MS } from "./password-reset";

let t: TestDb;
const ctx = (address = "198.51.100.7") => ({ address, baseUrl: "http://localhost:3000" });
const NEW_PASSWORD = "a brand new passphrase for stepwise";

async function newAccount(label: string) {
  return t.db.user.create({ data: { email: `${label}@reset.test`, name: label, passwordHash: "old-hash" } });
}

/** The link's token, read back from the dev outbox (the only place it exists in clear). */
async function tokenMailedTo(email: string): Promise<string> {
  const mail = await t.db.outboxMail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
  const token = /reset-password\?token=([A-Za-z0-9_%-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no link in ${mail.text}`);
  return decodeURIComponent(token);
}

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

describe("password reset (issue #13 item 9)", () => {
  it("mails a link whose token is stored only as a hash, and answers the same for unknown emails", async () => {
    const user = await newAccount("alice");
    expect(await requestPasswordReset(t.db, null, { email: "Alice@reset.test" }, ctx())).toEqual({ ok: true, message: RESET_REQUESTED });
    const token = await tokenMailedTo(user.email);
    const rows = await t.db.passwordReset.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBeGreaterThan(RESET_TTL_MS - 5000);

    expect(await requestPasswordReset(t.db, null, { email: "nobody@reset.test" }, ctx())).toEqual({ ok: true, message: RESET_REQUESTED });
    expect(await t.db.outboxMail.count({ where: { to: "nobody@reset.test" } })).toBe(0);
  });

  it("sets the new password once, ends every session, and kills the account's other links", async () => {
    const user = await newAccount("bob");
    await t.db.session.create({ data: { tokenHash: "s1", userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } });
    await requestPasswordReset(t.db, null, { email: user.email }, ctx());
    const first = await tokenMailedTo(user.email);
    await requestPasswordReset(t.db, null, { email: user.email }, ctx());
    const second = await tokenMailedTo(user.email);
    expect(second).not.toBe(first);

    expect(await resetPassword(t.db, null, { token: second, password: NEW_PASSWORD })).toEqual({ ok: true, email: user.email });
    const updated = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(updated.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
    // Single use, and the older link died with it.
    expect(await resetPassword(t.db, null, { token: second, password: "another good passphrase" })).toMatchObject({ ok: false, status: 400 });
    expect(await resetPassword(t.db, null, { token: first, password: "another good passphrase" })).toMatchObject({ ok: false, status: 400 });
    expect(await isResetTokenOpen(t.db, first)).toBe(false);
  });

  it("refuses an expired link, a made-up token and a weak password (which does not spend the link)", async () => {
    const user = await newAccount("carol");
    const past = new Date(Date.now() - RESET_TTL_MS - 60_000);
    await requestPasswordReset(t.db, null, { email: user.email }, ctx("198.51.100.8"), past);
    const expired = await tokenMailedTo(user.email);
    expect(await isResetTokenOpen(t.db, expired)).toBe(false);
    expect(await resetPassword(t.db, null, { token: expired, password: NEW_PASSWORD })).toMatchObject({ ok: false, status: 400 });
    expect(await resetPassword(t.db, null, { token: "made-up", password: NEW_PASSWORD })).toMatchObject({ ok: false, status: 400 });

    await requestPasswordReset(t.db, null, { email: user.email }, ctx("198.51.100.8"));
    const live = await tokenMailedTo(user.email);
    expect(await resetPassword(t.db, null, { token: live, password: "password" })).toMatchObject({ ok: false, status: 400, fieldErrors: { password: expect.any(Array) } });
    expect(await isResetTokenOpen(t.db, live)).toBe(true);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe("old-hash");
  });

  it("limits requests per email (no mail bombing)", async () => {
    const user = await newAccount("dave");
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await requestPasswordReset(t.db, null, { email: user.email }, ctx(`203.0.113.${i}`)));
    expect(results.slice(0, 3).every((r) => r.ok)).toBe(true);
    expect(results[3]).toMatchObject({ ok: false, status: 429 });
    expect(await t.db.outboxMail.count({ where: { to: user.email } })).toBe(3);
  });
});
