/**
 * Grades back to the platform: a student launched through LTI checks answers (the exercise page's
 * core, lib/lti/cores.ts), the score is queued in the outbox and delivered to the mock platform's
 * AGS endpoint with a client-credentials token; a platform that is down gets it after it is back.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { backoffMs, deliverDueScores, enqueueScores } from "./grades";
import { clearTokenCache } from "./service-client";
import { checkAnswerAndReport } from "./cores";
import { ROLE_LEARNER, type LaunchSpec } from "./testing/mock-platform";
import { SEED_SLUG as SLUG, withMockPlatform } from "./testing/with-mock-platform";
import type { CurrentUser } from "@/lib/auth/types";
import { demoAccounts } from "@/prisma/fixtures";

const lti = withMockPlatform();

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  clearTokenCache();
});

const launchStudent = (spec: Partial<LaunchSpec> & { sub: string }): Promise<CurrentUser> => lti.launchUser({ roles: [ROLE_LEARNER], targetLinkUri: lti.exerciseUrl(), ...spec });
const check = (user: CurrentUser, stepKey: string, answer: string) => checkAnswerAndReport(lti.t.db, user, { slug: SLUG, stepKey, answer });
const options = (now = new Date()) => ({ allowInsecure: true, now });

describe("AGS score delivery", () => {
  it("posts the score to the launch's line item (query string kept) with a client-credentials token", async () => {
    const lineItem = lti.mock.lineItemUrl("41");
    const user = await launchStudent({ sub: "student-41", lineItem, resourceLinkId: "link-41" });
    const result = await check(user, "dL_da", "(a-y)/(a(1-a))");
    expect(result).toMatchObject({ ok: true, verdict: "correct" });
    expect(await lti.t.db.ltiScoreOutbox.count({ where: { userId: user.id, status: "PENDING" } })).toBe(1);

    expect(await deliverDueScores(lti.t.db, options())).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const score = lti.mock.scores.at(-1)!;
    expect(score.lineItemPath).toBe("/mod/lti/services.php/2/lineitems/41/lineitem");
    expect(score.query).toBe("?type_id=1");
    expect(score.body).toMatchObject({ userId: "student-41", scoreGiven: 1, scoreMaximum: 3, activityProgress: "InProgress", gradingProgress: "FullyGraded" });
    expect(Date.parse(String(score.body.timestamp))).not.toBeNaN();
    expect(lti.mock.tokenRequests.at(-1)!.scope).toBe("https://purl.imsglobal.org/spec/lti-ags/scope/score");
    expect(await lti.t.db.ltiScoreOutbox.count({ where: { userId: user.id, status: "SENT" } })).toBe(1);
  });

  it("queues one row per student and link: an unchanged score is not queued again, the latest score wins", async () => {
    const user = await launchStudent({ sub: "student-42", lineItem: lti.mock.lineItemUrl("42"), resourceLinkId: "link-42" });
    await check(user, "dL_da", "(a-y)/(a(1-a))");
    const exercise = await lti.t.db.exercise.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(await enqueueScores(lti.t.db, user.id, exercise.id)).toBe(0);
    await check(user, "da_dz", "a(1-a)");
    const rows = await lti.t.db.ltiScoreOutbox.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ scoreGiven: 2, scoreMaximum: 3, status: "PENDING" });
  });

  it("keeps the score while the platform is down and delivers it after it comes back (backoff)", async () => {
    const user = await launchStudent({ sub: "student-43", lineItem: lti.mock.lineItemUrl("43"), resourceLinkId: "link-43" });
    await deliverDueScores(lti.t.db, options()); // earlier tests' rows out of the way
    const port = lti.mock.port;
    await lti.mock.stop();
    for (const [key, answer] of [["dL_da", "(a-y)/(a(1-a))"], ["da_dz", "a(1-a)"], ["dL_dz", "a - y"]]) await check(user, key!, answer!);
    const down = await deliverDueScores(lti.t.db, options());
    expect(down).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const waiting = await lti.t.db.ltiScoreOutbox.findFirstOrThrow({ where: { userId: user.id } });
    expect(waiting).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(waiting.lastError).toMatch(/unreachable/);
    // Not due again before its backoff.
    expect(await deliverDueScores(lti.t.db, options())).toEqual({ sent: 0, retrying: 0, failed: 0 });

    await lti.mock.start(port);
    const later = new Date(Date.now() + backoffMs(1) + 1000);
    expect(await deliverDueScores(lti.t.db, options(later))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(lti.mock.scores.at(-1)!.body).toMatchObject({ userId: "student-43", scoreGiven: 3, scoreMaximum: 3, activityProgress: "Completed" });
  });

  it("creates a line item when the launch carried none (AGS lineitems endpoint)", async () => {
    const user = await launchStudent({ sub: "student-44", lineItem: undefined, resourceLinkId: "link-44" });
    await check(user, "dL_da", "(a-y)/(a(1-a))");
    expect(await deliverDueScores(lti.t.db, options())).toMatchObject({ sent: 1 });
    expect(lti.mock.scores.at(-1)!.lineItemPath).toMatch(/lineitems\/created-\d+\/lineitem$/);
    expect((await lti.t.db.ltiResourceLink.findFirstOrThrow({ where: { resourceLinkId: "link-44" } })).lineItemUrl).toMatch(/created-/);
  });

  it("gives up on a permanent refusal and shows it as FAILED", async () => {
    const user = await launchStudent({ sub: "student-45", lineItem: lti.mock.url("/no-such-line-item?type_id=1"), resourceLinkId: "link-45" });
    await check(user, "dL_da", "(a-y)/(a(1-a))");
    expect(await deliverDueScores(lti.t.db, options())).toEqual({ sent: 0, retrying: 0, failed: 1 });
    const row = await lti.t.db.ltiScoreOutbox.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.status).toBe("FAILED");
    expect(row.lastError).toMatch(/HTTP 404/);
  });

  it("reports the course gradebook's points: the launch assigns one point per step, the instructor's points win", async () => {
    const user = await launchStudent({ sub: "student-46", lineItem: lti.mock.lineItemUrl("46"), resourceLinkId: "link-46", contextId: "ctx-points" });
    const context = await lti.t.db.ltiContext.findFirstOrThrow({ where: { contextId: "ctx-points" } });
    const exercise = await lti.t.db.exercise.findUniqueOrThrow({ where: { slug: SLUG } });
    const where = { courseId_exerciseId: { courseId: context.courseId, exerciseId: exercise.id } };
    expect((await lti.t.db.assignment.findUniqueOrThrow({ where })).points).toBe(3);
    await lti.t.db.assignment.update({ where, data: { points: 6 } });
    await check(user, "dL_da", "(a-y)/(a(1-a))");
    expect(await lti.t.db.ltiScoreOutbox.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ scoreGiven: 2, scoreMaximum: 6, completed: false });
    expect(await deliverDueScores(lti.t.db, options())).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(lti.mock.scores.at(-1)!.body).toMatchObject({ userId: "student-46", scoreGiven: 2, scoreMaximum: 6 });
  });

  it("queues nothing for a student who never came through LTI", async () => {
    const student = await lti.t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.student.email } });
    const before = await lti.t.db.ltiScoreOutbox.count();
    const result = await check({ id: student.id, email: student.email, name: student.name, role: "STUDENT" }, "dL_da", "(a-y)/(a(1-a))");
    expect(result).toMatchObject({ ok: true, verdict: "correct", recorded: true });
    expect(await lti.t.db.ltiScoreOutbox.count()).toBe(before);
  });
});

describe("regrade", () => {
  it("queues the new score of a student whose verdicts a regrade changed", async () => {
    const { saveExercise } = await import("@/lib/authoring/cores");
    const { regradeExerciseAndReport } = await import("./cores");
    const u = await lti.t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.instructor.email } });
    const instructor: CurrentUser = { id: u.id, email: u.email, name: u.name, role: u.role };
    const definition = (expected: string) => ({
      slug: "lti-regrade-polynomial",
      title: "A polynomial",
      statement: "Differentiate $f(x) = x^2 + x$.",
      variables: [{ name: "x", range: [-2, 2] as [number, number] }],
      steps: [
        { key: "df", title: "f'(x)", prompt: "", expected },
        { key: "f0", title: "f(0)", prompt: "", expected: "0" },
      ],
    });
    const created = await saveExercise(lti.t.db, instructor, { exercise: definition("2x") });
    if (!created.ok) throw new Error(created.formError);
    const exerciseId = created.exerciseId;
    const student = await lti.t.db.user.create({ data: { email: "lti-regrade@stepwise.test", name: "Rae", passwordHash: "" } });
    for (const [stepKey, answer] of [["df", "2*x"], ["f0", "0"]] as const) {
      const step = await lti.t.db.step.findFirstOrThrow({ where: { key: stepKey, version: { currentOf: { id: exerciseId } } } });
      const at = new Date();
      await lti.t.db.attempt.create({ data: { userId: student.id, exerciseId, stepId: step.id, stepKey, answer, parsed: answer, verdict: "CORRECT", seed: 1, createdAt: at } });
      await lti.t.db.stepProgress.create({ data: { userId: student.id, exerciseId, stepKey, attempts: 1, solvedAt: at, firstTryCorrect: true, lastActivityAt: at } });
    }
    const platform = await lti.t.db.ltiPlatform.findFirstOrThrow();
    const link = await lti.t.db.ltiResourceLink.create({
      data: { platformId: platform.id, deploymentId: lti.mock.deploymentId, resourceLinkId: "link-regrade", exerciseId, lineItemUrl: lti.mock.lineItemUrl("regrade"), canPostScores: true },
    });
    await lti.t.db.ltiGradeTarget.create({ data: { userId: student.id, resourceLinkId: link.id, exerciseId, sub: "student-regrade" } });

    const saved = await saveExercise(lti.t.db, instructor, { exerciseId, exercise: definition("2x + 1") });
    expect(saved.ok).toBe(true);
    const regraded = await regradeExerciseAndReport(lti.t.db, instructor, { exerciseId });
    expect(regraded).toMatchObject({ ok: true, scoresQueued: 1 });
    expect(await lti.t.db.ltiScoreOutbox.findFirstOrThrow({ where: { userId: student.id } })).toMatchObject({ scoreGiven: 1, scoreMaximum: 2, status: "PENDING" });
    expect(await deliverDueScores(lti.t.db, options())).toMatchObject({ sent: 1 });
    expect(lti.mock.scores.at(-1)!.body).toMatchObject({ userId: "student-regrade", scoreGiven: 1, scoreMaximum: 2 });
  });
});
