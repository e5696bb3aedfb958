import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { checkAnswer, saveDraftFor } from "./cores";
import type { CurrentUser } from "@/lib/auth/types";

const SLUG = "logistic-regression-gradient";
let t: TestDb;
let me: CurrentUser;

beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  const course = await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } });
  const user = await t.db.user.create({ data: { email: "surrogate@test.local", name: "S", passwordHash: "x", enrolments: { create: { courseId: course.id } } } });
  me = { id: user.id, email: user.email, name: user.name, role: "STUDENT" };
});
afterAll(() => t.cleanup());

describe("lone surrogates (issue #13 item 6, behind proxy.ts's screening)", () => {
  it("a draft or an answer with a lone surrogate is a field error, and nothing is stored", async () => {
    expect(await saveDraftFor(t.db, me, { slug: SLUG, stepKey: "dL_da", text: "a\ud800" })).toMatchObject({ ok: false, status: 400, fieldErrors: { text: expect.any(Array) } });
    expect(await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_da", answer: "\udc00a" })).toMatchObject({ ok: false, status: 400, fieldErrors: { answer: expect.any(Array) } });
    expect(await t.db.draft.count({ where: { userId: me.id } })).toBe(0);
    expect(await t.db.attempt.count({ where: { userId: me.id } })).toBe(0);
    // Astral characters (a well-formed surrogate pair) are text like any other.
    expect(await saveDraftFor(t.db, me, { slug: SLUG, stepKey: "dL_da", text: "a 😀" })).toMatchObject({ ok: true });
  });
});
