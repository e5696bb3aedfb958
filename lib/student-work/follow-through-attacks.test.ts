/**
 * Follow-through cannot be gamed (issue 16; the attacks a review found on the first version):
 * credit for a step never comes from premises tuned after the fact, from a solved step retyped
 * wrong, from premises that make the chain trivial, or back from a regrade.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import type { CurrentUser } from "@/lib/auth/types";
import { checkAnswer } from "./cores";
import { regradeExerciseAttempts } from "@/lib/authoring/regrade";

const SLUG = "logistic-regression-gradient";
const CHAIN_MISTAKE = "-y/a - (1-y)/(1-a)"; // dL/da with the −1 of d(1−a)/da forgotten
const FROM_MISTAKE = "-(y + a - 2ay)"; // that times a(1 − a), multiplied out correctly
let t: TestDb;
let n = 0;

async function student(): Promise<CurrentUser> {
  const course = await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } });
  const u = await t.db.user.create({ data: { email: `ft${n++}@test.local`, name: "ft", passwordHash: "x", enrolments: { create: { courseId: course.id } } } });
  return { id: u.id, email: u.email, name: u.name, role: "STUDENT" };
}
const check = (u: CurrentUser, stepKey: string, answer: string) => checkAnswer(t.db, u, { slug: SLUG, stepKey, answer });
const status = async (u: CurrentUser, stepKey: string) =>
  (await t.db.stepProgress.findFirst({ where: { userId: u.id, stepKey } }))?.carriedForward ?? false;

beforeAll(async () => {
  t = await createTestDb({ seeded: true });
});
afterAll(() => t.cleanup());

describe("follow-through cannot be gamed", () => {
  it("the honest case: the chain-rule mistake in step 1, step 3 done right from it → carried forward", async () => {
    const u = await student();
    await check(u, "dL_da", CHAIN_MISTAKE);
    await check(u, "da_dz", "a(1-a)");
    expect(await check(u, "dL_dz", FROM_MISTAKE)).toMatchObject({ ok: true, verdict: "carried-forward" });
  });

  it("a solved step retyped wrong is not a premise: its accepted answer is", async () => {
    const u = await student();
    await check(u, "dL_da", "(a-y)/(a(1-a))");
    await check(u, "da_dz", "a(1-a)");
    await check(u, "dL_da", CHAIN_MISTAKE); // wrong now, but step 1 stays solved
    expect(await check(u, "dL_dz", FROM_MISTAKE)).toMatchObject({ ok: true, verdict: "incorrect" });
    expect(await status(u, "dL_dz")).toBe(false);
  });

  it("premises that make the chain trivial (step 1 = 0, step 2 = 1) earn nothing for step 3 = 0", async () => {
    const u = await student();
    await check(u, "dL_da", "0");
    await check(u, "da_dz", "1");
    expect(await check(u, "dL_dz", "0")).toMatchObject({ ok: true, verdict: "incorrect" });
  });

  it("changing a premise under an answer given earlier never grants the status (only a new check of the step can)", async () => {
    const u = await student();
    await check(u, "dL_dz", FROM_MISTAKE); // step 3 first: no premises yet → incorrect
    await check(u, "da_dz", "a(1-a)");
    const r = await check(u, "dL_da", CHAIN_MISTAKE); // now step 3 WOULD follow from the premises
    expect(r).toMatchObject({ ok: true, dependents: [] });
    expect(await status(u, "dL_dz")).toBe(false);
    // Checking step 3 again, after its premises, is what earns it.
    expect(await check(u, "dL_dz", FROM_MISTAKE)).toMatchObject({ ok: true, verdict: "carried-forward" });
  });

  it("a regrade does not restore the status that fixing a premise took away", async () => {
    const u = await student();
    await check(u, "dL_da", CHAIN_MISTAKE);
    await check(u, "da_dz", "a(1-a)");
    await check(u, "dL_dz", FROM_MISTAKE);
    expect(await status(u, "dL_dz")).toBe(true);
    const fixed = await check(u, "dL_da", "(a-y)/(a(1-a))");
    expect(fixed).toMatchObject({ ok: true, dependents: [{ stepKey: "dL_dz", carriedForward: false }] });
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: SLUG } });
    await regradeExerciseAttempts(t.db, exercise.id);
    expect(await status(u, "dL_dz")).toBe(false);
    // History keeps what was shown then.
    expect(await t.db.attempt.count({ where: { userId: u.id, stepKey: "dL_dz", verdict: "CARRIED_FORWARD" } })).toBe(1);
  });
});
