import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { createSession } from "@/lib/auth/session-store";
import { hashToken } from "./tokens";
import { SESSION_COOKIE_NAME, SESSION_TTL_MS } from "./cookie";

// The request's cookie jar and the app's database, replaced by a test jar and a test database.
const state = vi.hoisted(() => ({
  db: undefined as unknown,
  cookies: new Map<string, string>(),
  set: [] as { name: string; value: string; options: { expires: Date } }[],
}));
vi.mock("server-only", () => ({}));
vi.mock("@/lib/platform/db", () => ({
  get db() {
    return state.db;
  },
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (state.cookies.has(name) ? { name, value: state.cookies.get(name) } : undefined),
    set: (name: string, value: string, options: { expires: Date }) => state.set.push({ name, value, options }),
  }),
  headers: async () => new Headers(),
}));

const { getCurrentUser, getCurrentUserRenewing } = await import("./session");

let t: TestDb;
let userId: string;
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  state.db = t.db;
  userId = (await t.db.user.findFirstOrThrow({ where: { role: "STUDENT" } })).id;
});
afterAll(() => t.cleanup());
beforeEach(() => {
  state.cookies.clear();
  state.set = [];
});

const DAY = 24 * 3600 * 1000;

/** A session last renewed 10 days ago, so renewal is due; its token is in the cookie jar. */
async function sessionDueForRenewal() {
  const { token, expiresAt } = await createSession(t.db, userId, new Date(Date.now() - 10 * DAY));
  state.cookies.set(SESSION_COOKIE_NAME, token);
  return { token, expiresAt };
}

describe("getCurrentUser / getCurrentUserRenewing: the cookie follows the session row", () => {
  it("a page render reads the session but renews neither the row nor the cookie", async () => {
    const { token, expiresAt } = await sessionDueForRenewal();
    expect(await getCurrentUser()).toMatchObject({ id: userId });
    expect(state.set).toEqual([]);
    expect((await t.db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })).expiresAt).toEqual(expiresAt);
  });

  it("an action renews the row and gives the cookie the row's new expiry", async () => {
    const { token } = await sessionDueForRenewal();
    const before = Date.now();
    expect(await getCurrentUserRenewing()).toMatchObject({ id: userId });
    const row = await t.db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + SESSION_TTL_MS);
    expect(state.set).toEqual([{ name: SESSION_COOKIE_NAME, value: token, options: expect.objectContaining({ expires: row.expiresAt, httpOnly: true }) }]);
  });

  it("a dead or made-up token is never re-issued", async () => {
    state.cookies.set(SESSION_COOKIE_NAME, "made-up-token");
    expect(await getCurrentUserRenewing()).toBeNull();
    expect(await getCurrentUser()).toBeNull();
    expect(state.set).toEqual([]);
  });
});
