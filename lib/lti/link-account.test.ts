/** Explicit account linking: the LMS identity moves to an existing account only with its password. */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { demoAccounts, DEMO_PASSWORD } from "@/prisma/fixtures";
import { demoUser } from "@/lib/testing/test-db";
import { linkLtiAccount } from "./link-account";
import { checkAnswerAndReport } from "./cores";
import { ROLE_LEARNER } from "./testing/mock-platform";
import { withMockPlatform } from "./testing/with-mock-platform";
import type { CurrentUser } from "@/lib/auth/types";

const lti = withMockPlatform();
const ctx = { address: "192.0.2.10" };

beforeEach(() => void vi.spyOn(console, "warn").mockImplementation(() => {}));

const launchAs = (sub: string): Promise<CurrentUser> =>
  lti.launchUser({ sub, roles: [ROLE_LEARNER], targetLinkUri: lti.exerciseUrl(), lineItem: lti.mock.lineItemUrl("1"), contextId: "ctx-link" });

describe("linking a launch-made account to an existing one", () => {
  it("refuses a wrong password and changes nothing", async () => {
    const launched = await launchAs("link-wrong");
    const result = await linkLtiAccount(lti.t.db, launched, { email: demoAccounts.student.email, password: "not the password" }, ctx);
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect((await lti.t.db.ltiUser.findFirstOrThrow({ where: { sub: "link-wrong" } })).userId).toBe(launched.id);
  });

  it("moves the LMS identity, enrolment and score target to the existing account and removes the new one", async () => {
    const launched = await launchAs("link-ok");
    const result = await linkLtiAccount(lti.t.db, launched, { email: demoAccounts.student.email, password: DEMO_PASSWORD }, ctx);
    expect(result.ok).toBe(true);
    const existing = await lti.t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.student.email } });
    expect(result.ok && result.user.id).toBe(existing.id);
    expect((await lti.t.db.ltiUser.findFirstOrThrow({ where: { sub: "link-ok" } })).userId).toBe(existing.id);
    expect(await lti.t.db.user.count({ where: { id: launched.id } })).toBe(0);
    const context = await lti.t.db.ltiContext.findFirstOrThrow({ where: { contextId: "ctx-link" } });
    expect(await lti.t.db.enrolment.count({ where: { userId: existing.id, courseId: context.courseId } })).toBe(1);
    expect(await lti.t.db.ltiGradeTarget.count({ where: { userId: existing.id } })).toBe(1);
    // The next launch of that LMS user opens the existing account.
    expect((await launchAs("link-ok")).id).toBe(existing.id);
  });

  it("refuses once the launch-made account has answers recorded", async () => {
    const launched = await launchAs("link-worked");
    expect(await checkAnswerAndReport(lti.t.db, launched, { slug: "logistic-regression-gradient", stepKey: "dL_da", answer: "a - y" })).toMatchObject({ ok: true, recorded: true });
    const result = await linkLtiAccount(lti.t.db, launched, { email: demoAccounts.student.email, password: DEMO_PASSWORD }, ctx);
    expect(result).toMatchObject({ ok: false, status: 409 });
  });

  it("is only for launch-made accounts", async () => {
    const existing = await demoUser(lti.t.db, "instructor");
    expect(await linkLtiAccount(lti.t.db, existing, { email: demoAccounts.student.email, password: DEMO_PASSWORD }, ctx)).toMatchObject({ ok: false, status: 403 });
  });
});
