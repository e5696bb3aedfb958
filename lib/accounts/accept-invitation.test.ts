import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { acceptInvitation, createInvitation } from "./cores";
import type { CurrentUser } from "@/lib/auth/types";

let t: TestDb;
let inviter: CurrentUser;
const pick = { id: true, email: true, name: true, role: true } as const;

beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  inviter = await t.db.user.findFirstOrThrow({ where: { role: "INSTRUCTOR" }, select: pick });
});
afterAll(() => t.cleanup());

async function student(label: string): Promise<CurrentUser> {
  return t.db.user.create({ data: { email: `${label}@upgrade.test`, name: label, passwordHash: "x" }, select: pick });
}

async function invite(email: string): Promise<string> {
  const r = await createInvitation(t.db, inviter, { email });
  if (!r.ok) throw new Error(r.formError);
  return r.token;
}

describe("an existing student accepts an instructor invitation (issue #13 item 9)", () => {
  it("upgrades the signed-in student whose email it was sent to, once", async () => {
    const me = await student("upgraded");
    const token = await invite(me.email);
    expect(await acceptInvitation(t.db, me, { invite: token })).toEqual({ ok: true });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: me.id } })).role).toBe("INSTRUCTOR");
    expect(await t.db.user.count({ where: { email: me.email } })).toBe(1);
    expect(await acceptInvitation(t.db, { ...me, role: "STUDENT" }, { invite: token })).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses someone else's invitation, an anonymous visitor and a made-up link, changing nothing", async () => {
    const invited = await student("invited");
    const other = await student("other");
    const token = await invite(invited.email);
    expect(await acceptInvitation(t.db, other, { invite: token })).toMatchObject({ ok: false, status: 403 });
    expect(await acceptInvitation(t.db, null, { invite: token })).toMatchObject({ ok: false, status: 401 });
    expect(await acceptInvitation(t.db, other, { invite: "made-up" })).toMatchObject({ ok: false, status: 404 });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: other.id } })).role).toBe("STUDENT");
    // Still open for the person it was sent to.
    expect(await acceptInvitation(t.db, invited, { invite: token })).toEqual({ ok: true });
  });
});
