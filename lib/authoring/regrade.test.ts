import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, demoUser, type TestDb } from "@/lib/testing/test-db";
import type { CurrentUser } from "@/lib/auth/types";
import type { ExerciseInput } from "@/lib/exercises/definition";
import { saveExercise } from "./cores";
import { regradeExercise, type RegradeProgress } from "./regrade";

let t: TestDb;
let instructor: CurrentUser;

beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  instructor = await demoUser(t.db, "instructor");
});
afterAll(() => t.cleanup());

// The author meant f = x² + x but typed the key of x² first.
const exercise = (expected: string): ExerciseInput => ({
  slug: "derivative-of-a-polynomial",
  title: "A polynomial",
  statement: "Differentiate $f(x) = x^2 + x$.",
  variables: [{ name: "x", range: [-2, 2] }],
  steps: [
    { key: "df", title: "f'(x)", prompt: "", expected },
    { key: "f0", title: "f(0)", prompt: "", expected: "0" },
  ],
});

async function attempt(userId: string, exerciseId: string, stepKey: string, answer: string, verdict: "CORRECT" | "INCORRECT", at: number) {
  const step = await t.db.step.findFirstOrThrow({ where: { key: stepKey, version: { currentOf: { id: exerciseId } } } });
  const createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, at));
  await t.db.attempt.create({ data: { userId, exerciseId, stepId: step.id, stepKey, answer, parsed: answer, verdict, seed: 1, createdAt } });
  // StepProgress as recordGradedAttempt keeps it.
  const correct = verdict === "CORRECT";
  await t.db.stepProgress.upsert({
    where: { userId_exerciseId_stepKey: { userId, exerciseId, stepKey } },
    create: { userId, exerciseId, stepKey, attempts: 1, incorrect: correct ? 0 : 1, solvedAt: correct ? createdAt : null, firstTryCorrect: correct, lastActivityAt: createdAt },
    update: { attempts: { increment: 1 }, incorrect: { increment: correct ? 0 : 1 }, lastActivityAt: createdAt },
  });
}

describe("regrade after changing a step's expected answer", () => {
  it("reports the changed verdicts and updates the students' progress", async () => {
    const created = await saveExercise(t.db, instructor, { exercise: exercise("2x") });
    if (!created.ok) throw new Error(created.formError);
    const id = created.exerciseId;
    const alice = await t.db.user.create({ data: { email: "alice@stepwise.test", name: "Alice", passwordHash: "x" } });
    const bob = await t.db.user.create({ data: { email: "bob@stepwise.test", name: "Bob", passwordHash: "x" } });
    await attempt(alice.id, id, "df", "2*x", "CORRECT", 1); // right under the wrong key
    await attempt(bob.id, id, "df", "2x + 1", "INCORRECT", 2); // wrong under the wrong key
    await attempt(bob.id, id, "df", "x + x", "CORRECT", 3);
    await attempt(bob.id, id, "f0", "0", "CORRECT", 4);
    const oldStep = await t.db.step.findFirstOrThrow({ where: { key: "df", version: { currentOf: { id } } } });

    const saved = await saveExercise(t.db, instructor, { exerciseId: id, exercise: exercise("2x + 1") });
    expect(saved).toMatchObject({ ok: true, version: 2, newVersion: true });
    // Old attempts still point at the version they were graded under until the regrade.
    expect(await t.db.attempt.count({ where: { stepId: oldStep.id } })).toBe(3);

    const progress: RegradeProgress[] = [];
    const result = await regradeExercise(t.db, instructor, { exerciseId: id }, { chunkSize: 2, onProgress: (p) => void progress.push(p) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { summary } = result;
    expect(summary).toMatchObject({ version: 2, total: 4, regraded: 4, unchanged: 1, unmatched: 0, studentsAffected: 2 });
    const changes = summary.changed.map((c) => [c.userName, c.stepKey, c.answer, c.from, c.to]).sort();
    expect(changes).toEqual([
      ["Alice", "df", "2*x", "CORRECT", "INCORRECT"],
      ["Bob", "df", "2x + 1", "INCORRECT", "CORRECT"],
      ["Bob", "df", "x + x", "CORRECT", "INCORRECT"],
    ]);
    // Chunks of 2: 0/4, 2/4, 4/4 attempts, then progress rows.
    expect(progress.filter((p) => p.phase === "attempts").map((p) => p.done)).toEqual([0, 2, 4]);
    expect(progress.at(-1)).toEqual({ phase: "progress", done: 3, total: 3 });

    const regraded = await t.db.attempt.findFirstOrThrow({ where: { userId: alice.id } });
    expect(regraded).toMatchObject({ verdict: "INCORRECT", previousVerdict: "CORRECT", regradedAt: expect.any(Date) });
    expect(regraded.stepId).not.toBe(oldStep.id);

    const p = async (userId: string, stepKey: string) =>
      t.db.stepProgress.findUniqueOrThrow({ where: { userId_exerciseId_stepKey: { userId, exerciseId: id, stepKey } } });
    expect(await p(alice.id, "df")).toMatchObject({ attempts: 1, incorrect: 1, solvedAt: null, firstTryCorrect: false });
    // Bob's first answer is now correct, so his later "x + x" was a check after solving: practice,
    // not counted (issue 17 item 4), and the regrade marks it so.
    expect(await p(bob.id, "df")).toMatchObject({ attempts: 1, incorrect: 0, solvedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 2)), firstTryCorrect: true });
    expect((await t.db.attempt.findMany({ where: { userId: bob.id, stepKey: "df" }, orderBy: { createdAt: "asc" } })).map((x) => x.practice)).toEqual([false, true]);
    expect(await p(bob.id, "f0")).toMatchObject({ attempts: 1, solvedAt: expect.any(Date) });

    // Regrading again changes nothing.
    const again = await regradeExercise(t.db, instructor, { exerciseId: id });
    expect(again.ok && again.summary.changed).toEqual([]);
  });

  it("refuses students and other instructors", async () => {
    const s = await t.db.user.findUniqueOrThrow({ where: { email: "student@stepwise.test" } });
    const ex = await t.db.exercise.findUniqueOrThrow({ where: { slug: "tanh-derivative" } });
    expect(await regradeExercise(t.db, { id: s.id, email: s.email, name: s.name, role: "STUDENT" }, { exerciseId: ex.id })).toMatchObject({ ok: false, status: 403 });
    expect(await regradeExercise(t.db, { id: "nobody", email: "n@x", name: "N", role: "INSTRUCTOR" }, { exerciseId: ex.id })).toMatchObject({ ok: false, status: 403 });
  });
});
