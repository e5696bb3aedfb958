/** Explicit account linking: the LMS identity moves to an existing account only with its password. */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { demoAccounts, DEMO_PASSWORD } from "@/prisma/fixtures";
import { upsertPlatform } from "./platforms";
import { startLogin } from "./login";
import { handleLaunch } from "./launch-handler";
import { publicJwks } from "./keys";
import { linkLtiAccount } from "./link-account";
import { checkAnswerAndReport } from "./cores";
import { MockPlatform, ROLE_LEARNER } from "./testing/mock-platform";
import type { CurrentUser } from "@/lib/auth/types";

const PUBLIC_URL = "http://127.0.0.1:3999";
let t: TestDb;
let mock: MockPlatform;
const ctx = { address: "192.0.2.10" };

beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  mock = new MockPlatform(() => publicJwks(t.db), `${PUBLIC_URL}/lti/launch`);
  await mock.start();
  await upsertPlatform(t.db, mock.registration);
});
afterAll(async () => {
  await mock.stop();
  await t.cleanup();
});
beforeEach(() => void vi.spyOn(console, "warn").mockImplementation(() => {}));

async function launchAs(sub: string): Promise<CurrentUser> {
  const spec = { sub, roles: [ROLE_LEARNER], targetLinkUri: `${PUBLIC_URL}/exercises/logistic-regression-gradient`, lineItem: mock.lineItemUrl("1"), contextId: "ctx-link" };
  const login = await startLogin(t.db, Object.fromEntries(new URL(mock.loginUrl(`${PUBLIC_URL}/lti/login`, spec)).searchParams), PUBLIC_URL);
  if (!login.ok) throw new Error(login.reason);
  const nonce = new URL(login.redirectUrl).searchParams.get("nonce")!;
  const r = await handleLaunch(t.db, { idToken: await mock.idToken(spec, nonce), state: login.state, cookieState: login.state, error: null, errorDescription: null }, { allowInsecure: true, publicUrl: PUBLIC_URL });
  if (!r.ok) throw new Error(r.reason);
  return t.db.user.findUniqueOrThrow({ where: { id: r.userId }, select: { id: true, email: true, name: true, role: true } });
}

describe("linking a launch-made account to an existing one", () => {
  it("refuses a wrong password and changes nothing", async () => {
    const lti = await launchAs("link-wrong");
    const result = await linkLtiAccount(t.db, lti, { email: demoAccounts.student.email, password: "not the password" }, ctx);
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect((await t.db.ltiUser.findFirstOrThrow({ where: { sub: "link-wrong" } })).userId).toBe(lti.id);
  });

  it("moves the LMS identity, enrolment and score target to the existing account and removes the new one", async () => {
    const lti = await launchAs("link-ok");
    const result = await linkLtiAccount(t.db, lti, { email: demoAccounts.student.email, password: DEMO_PASSWORD }, ctx);
    expect(result.ok).toBe(true);
    const existing = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.student.email } });
    expect(result.ok && result.user.id).toBe(existing.id);
    expect((await t.db.ltiUser.findFirstOrThrow({ where: { sub: "link-ok" } })).userId).toBe(existing.id);
    expect(await t.db.user.count({ where: { id: lti.id } })).toBe(0);
    const context = await t.db.ltiContext.findFirstOrThrow({ where: { contextId: "ctx-link" } });
    expect(await t.db.enrolment.count({ where: { userId: existing.id, courseId: context.courseId } })).toBe(1);
    expect(await t.db.ltiGradeTarget.count({ where: { userId: existing.id } })).toBe(1);
    // The next launch of that LMS user opens the existing account.
    expect((await launchAs("link-ok")).id).toBe(existing.id);
  });

  it("refuses once the launch-made account has answers recorded", async () => {
    const lti = await launchAs("link-worked");
    expect(await checkAnswerAndReport(t.db, lti, { slug: "logistic-regression-gradient", stepKey: "dL_da", answer: "a - y" })).toMatchObject({ ok: true, recorded: true });
    const result = await linkLtiAccount(t.db, lti, { email: demoAccounts.student.email, password: DEMO_PASSWORD }, ctx);
    expect(result).toMatchObject({ ok: false, status: 409 });
  });

  it("is only for launch-made accounts", async () => {
    const existing = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.instructor.email }, select: { id: true, email: true, name: true, role: true } });
    expect(await linkLtiAccount(t.db, existing, { email: demoAccounts.student.email, password: DEMO_PASSWORD }, ctx)).toMatchObject({ ok: false, status: 403 });
  });
});
