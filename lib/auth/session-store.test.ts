import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { createSession, deleteExpiredSessions, deleteSessionByToken, renewalDue, validateSessionToken } from "./session-store";
import { hashToken } from "@/lib/auth/tokens";
import { SESSION_TTL_MS } from "@/lib/auth/cookie";

let t: TestDb;
let userId: string;
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  userId = (await t.db.user.findFirstOrThrow({ where: { role: "STUDENT" } })).id;
});
afterAll(() => t.cleanup());

const DAY = 24 * 3600 * 1000;

describe("database sessions", () => {
  it("stores only the hash of the token and finds the user by the token", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const { token, expiresAt } = await createSession(t.db, userId, now);
    expect(expiresAt.getTime()).toBe(now.getTime() + SESSION_TTL_MS);
    const rows = await t.db.session.findMany({ where: { userId } });
    expect(rows.some((r) => r.tokenHash === hashToken(token))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
    const found = await validateSessionToken(t.db, token, new Date(now.getTime() + 1000));
    expect(found?.user).toEqual({ id: userId, email: "student@stepwise.test", name: "Sam Student", role: "STUDENT" });
    expect(found?.renewed).toBe(false);
    expect(JSON.stringify(found)).not.toContain("argon2");
  });

  it("renews (sliding expiry) only when more than a day has passed since the last renewal", async () => {
    const now = new Date("2026-02-01T00:00:00Z");
    const { token } = await createSession(t.db, userId, now);
    expect((await validateSessionToken(t.db, token, new Date(now.getTime() + DAY - 1)))?.renewed).toBe(false);
    const later = new Date(now.getTime() + 10 * DAY);
    const renewed = await validateSessionToken(t.db, token, later);
    expect(renewed?.renewed).toBe(true);
    expect(renewed?.expiresAt.getTime()).toBe(later.getTime() + SESSION_TTL_MS);
    const row = await t.db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.expiresAt.getTime()).toBe(later.getTime() + SESSION_TTL_MS);
    expect(renewalDue(later, new Date(later.getTime() + DAY + 1))).toBe(true);
  });

  it("does not renew when asked not to (a page render cannot pass the new expiry to the cookie)", async () => {
    const now = new Date("2026-02-10T00:00:00Z");
    const { token, expiresAt } = await createSession(t.db, userId, now);
    const later = new Date(now.getTime() + 10 * DAY);
    const found = await validateSessionToken(t.db, token, later, { renew: false });
    expect(found).toMatchObject({ renewed: false, expiresAt });
    const row = await t.db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.expiresAt).toEqual(expiresAt);
    expect(row.lastSeenAt).toEqual(now);
  });

  it("refuses and deletes an expired session", async () => {
    const now = new Date("2026-03-01T00:00:00Z");
    const { token } = await createSession(t.db, userId, now);
    expect(await validateSessionToken(t.db, token, new Date(now.getTime() + SESSION_TTL_MS))).toBeNull();
    expect(await t.db.session.count({ where: { tokenHash: hashToken(token) } })).toBe(0);
  });

  it("sign-out deletes the row, so the same token no longer works", async () => {
    const { token } = await createSession(t.db, userId);
    expect(await validateSessionToken(t.db, token)).not.toBeNull();
    await deleteSessionByToken(t.db, token);
    expect(await validateSessionToken(t.db, token)).toBeNull();
  });

  it("rejects unknown and empty tokens", async () => {
    expect(await validateSessionToken(t.db, "")).toBeNull();
    expect(await validateSessionToken(t.db, "not-a-token")).toBeNull();
  });

  it("cleans up expired sessions in bulk", async () => {
    await createSession(t.db, userId, new Date("2020-01-01T00:00:00Z"));
    expect(await deleteExpiredSessions(t.db)).toBeGreaterThanOrEqual(1);
  });
});
