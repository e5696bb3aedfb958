import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { checkAnswer, plotAnswer, revealHint, revealSolution, saveDraftFor, studentParameters } from "./cores";
import { regradeExerciseAttempts } from "@/lib/authoring/regrade";
import { addExerciseVersion, getStudentExercise, toDefinition } from "@/lib/exercises/queries";
import type { CurrentUser } from "@/lib/auth/types";
import { getDrafts } from "@/lib/student-work/drafts";
import { getStepStatuses, getStudentProgress, recordHintReveal } from "@/lib/student-work/progress";
import { findExerciseBySlug } from "@/lib/exercises/queries";
import { parseExpression } from "@/lib/grading";
import { demoAccounts } from "@/prisma/fixtures";
import { spawn } from "node:child_process";

const SLUG = "logistic-regression-gradient";
let t: TestDb;
let student: CurrentUser;
let exerciseId: string;

async function newStudent(label: string): Promise<CurrentUser> {
  const course = await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } });
  const user = await t.db.user.create({
    data: { email: `${label}-${Math.random().toString(36).slice(2)}@test.local`, name: label, passwordHash: "x", enrolments: { create: { courseId: course.id } } },
  });
  return { id: user.id, email: user.email, name: user.name, role: "STUDENT" };
}

beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  const user = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.student.email } });
  student = { id: user.id, email: user.email, name: user.name, role: "STUDENT" };
  exerciseId = (await t.db.exercise.findUniqueOrThrow({ where: { slug: SLUG } })).id;
});
afterAll(async () => {
  await t.cleanup();
});

describe("checkAnswer", () => {
  it("grades the three steps of the seed exercise correct, stores the attempts and solves the exercise", async () => {
    const me = await newStudent("solver");
    for (const [stepKey, answer] of [
      ["dL_da", "(a-y)/(a(1-a))"],
      ["da_dz", "σ(z)(1−σ(z))"],
      ["dL_dz", "a − y"],
    ] as const) {
      const r = await checkAnswer(t.db, me, { slug: SLUG, stepKey, answer });
      expect(r).toMatchObject({ ok: true, verdict: "correct", attempts: 1, solved: true, recorded: true });
    }
    const attempts = await t.db.attempt.findMany({ where: { userId: me.id }, orderBy: { createdAt: "asc" } });
    expect(attempts.map((a) => a.verdict)).toEqual(["CORRECT", "CORRECT", "CORRECT"]);
    const course = await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } });
    expect(attempts.every((a) => a.courseId === course.id && a.exerciseId === exerciseId)).toBe(true);
    const first = parseExpression("(a-y)/(a(1-a))", { variables: ["z", "y", "a"] });
    expect(first.ok && attempts[0]?.parsed === first.canonical).toBe(true);
    // BIGINT column (issue 18): 32-bit unsigned seeds.
    expect(attempts.every((a) => typeof a.seed === "bigint" && a.seed >= 0n && a.seed < 2n ** 32n)).toBe(true);
    const progress = await getStudentProgress(t.db, me.id);
    const row = progress.courses[0]?.exercises.find((e) => e.slug === SLUG);
    expect(row).toMatchObject({ stepsSolved: 3, stepCount: 3, attempts: 3, complete: true });
  });

  it("names the chain rule for the missing −1, counts the attempt, and keeps the verdict stable on resubmission", async () => {
    const me = await newStudent("chain");
    const first = await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_da", answer: "y/a - (1-y)/(1-a)" });
    expect(first).toMatchObject({ ok: true, verdict: "incorrect", attempts: 1, incorrect: 1, solved: false, solutionAvailable: false });
    if (!first.ok || first.verdict === "invalid") throw new Error("unexpected");
    expect(first.feedback).toContain("chain rule");
    const again = await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_da", answer: "y/a - (1-y)/(1-a)" });
    expect(again).toMatchObject({ verdict: "incorrect", feedback: first.feedback, attempts: 2 });
    const stored = await t.db.attempt.findMany({ where: { userId: me.id } });
    expect(stored).toHaveLength(2);
    expect(stored[0]?.seed).toBe(stored[1]?.seed);
    expect(stored[0]?.mistakeId).not.toBeNull();
    expect(stored[0]?.diagnosis).toBe("known-mistake");
  });

  it("answers invalid input with a located message and stores nothing", async () => {
    const me = await newStudent("invalid");
    const r = await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_dz", answer: "a -* y" });
    expect(r).toMatchObject({ ok: true, verdict: "invalid", start: 3, end: 4 });
    expect(await t.db.attempt.count({ where: { userId: me.id } })).toBe(0);
    expect(await t.db.stepProgress.count({ where: { userId: me.id } })).toBe(0);
  });

  it("refuses students who are not enrolled, unknown steps and bad input without throwing", async () => {
    const outsider = await t.db.user.create({ data: { email: "outsider@test.local", name: "Out", passwordHash: "x" } });
    const out: CurrentUser = { id: outsider.id, email: outsider.email, name: outsider.name, role: "STUDENT" };
    expect(await checkAnswer(t.db, out, { slug: SLUG, stepKey: "dL_dz", answer: "a - y" })).toMatchObject({ ok: false });
    expect(await checkAnswer(t.db, student, { slug: SLUG, stepKey: "nope", answer: "a - y" })).toMatchObject({ ok: false });
    expect(await checkAnswer(t.db, student, { slug: SLUG, stepKey: "dL_dz", answer: 42 })).toMatchObject({ ok: false });
    expect(await checkAnswer(t.db, student, { slug: "missing", stepKey: "dL_dz", answer: "a" })).toMatchObject({ ok: false });
    expect(await t.db.attempt.count({ where: { userId: outsider.id } })).toBe(0);
  });

  it("grades an instructor's Check without storing it (no noise in the gradebook)", async () => {
    const u = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.instructor.email } });
    const instructor: CurrentUser = { id: u.id, email: u.email, name: u.name, role: "INSTRUCTOR" };
    const r = await checkAnswer(t.db, instructor, { slug: SLUG, stepKey: "dL_dz", answer: "a - y" });
    expect(r).toMatchObject({ ok: true, verdict: "correct", recorded: false });
    expect(await t.db.attempt.count({ where: { userId: u.id } })).toBe(0);
  });

  it("refuses a student once the exercise is unpublished", async () => {
    const me = await newStudent("unpublished");
    await t.db.exercise.update({ where: { id: exerciseId }, data: { published: false } });
    try {
      expect(await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_dz", answer: "a - y" })).toMatchObject({ ok: false, status: 404 });
      expect(await saveDraftFor(t.db, me, { slug: SLUG, stepKey: "dL_dz", text: "a" })).toMatchObject({ ok: false, status: 404 });
    } finally {
      await t.db.exercise.update({ where: { id: exerciseId }, data: { published: true } });
    }
  });

  it("never returns the expected expression (raw, canonical or as LaTeX) in a response before reveal", async () => {
    const me = await newStudent("leak");
    const exercise = await findExerciseBySlug(t.db, SLUG);
    const version = exercise!.currentVersion!;
    const names = version.variables.map((v) => v.name);
    const needles = new Set<string>();
    for (const step of version.steps) {
      needles.add(step.expected);
      const p = parseExpression(step.expected, { variables: names });
      if (p.ok) {
        needles.add(p.canonical);
        needles.add(p.latex);
      }
    }
    const responses = [
      await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_da", answer: "a + y" }),
      await checkAnswer(t.db, me, { slug: SLUG, stepKey: "da_dz", answer: "a -* y" }),
      await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_dz", answer: "y" }),
      await revealHint(t.db, me, { slug: SLUG, stepKey: "dL_da", hintIndex: 0 }),
      await revealSolution(t.db, me, { slug: SLUG, stepKey: "dL_da" }),
      await saveDraftFor(t.db, me, { slug: SLUG, stepKey: "dL_da", text: "a+" }),
    ];
    const text = JSON.stringify(responses);
    for (const needle of needles) {
      expect(text).not.toContain(needle);
      expect(text.replace(/\s/g, "")).not.toContain(needle.replace(/\s/g, ""));
    }
    expect(responses[4]).toMatchObject({ ok: false });
  });
});

describe("checks after solving and solutions before solving (issue 17 items 2 and 4)", () => {
  it("a re-check of a solved step is practice: shown, stored as practice, and leaves the attempt count unchanged", async () => {
    const me = await newStudent("practice");
    expect(await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_dz", answer: "y - a" })).toMatchObject({ verdict: "incorrect", attempts: 1, practice: false });
    expect(await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_dz", answer: "a - y" })).toMatchObject({ verdict: "correct", attempts: 2, solved: true, practice: false });
    // Right again, then wrong: both graded and shown, neither counted, the step stays solved.
    expect(await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_dz", answer: "σ(z) - y" })).toMatchObject({ verdict: "correct", attempts: 2, incorrect: 1, practice: true });
    expect(await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_dz", answer: "y - a" })).toMatchObject({ verdict: "incorrect", attempts: 2, incorrect: 1, solved: true, practice: true });
    const rows = await t.db.attempt.findMany({ where: { userId: me.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.practice)).toEqual([false, false, true, true]);
    const status = (await getStepStatuses(t.db, me.id, exerciseId)).get("dL_dz");
    expect(status).toMatchObject({ attempts: 2, incorrect: 1, solved: true, solvedAfterSolution: false });
    const row = (await getStudentProgress(t.db, me.id)).courses[0]?.exercises.find((e) => e.slug === SLUG);
    expect(row?.attempts).toBe(2);
  });

  it("a step solved after its worked solution was revealed is marked so; a reveal after solving is not", async () => {
    const me = await newStudent("after-solution");
    for (const wrong of ["a(1+a)", "1 - a", "a^2"]) await checkAnswer(t.db, me, { slug: SLUG, stepKey: "da_dz", answer: wrong });
    expect(await revealSolution(t.db, me, { slug: SLUG, stepKey: "da_dz" })).toMatchObject({ ok: true });
    expect(await checkAnswer(t.db, me, { slug: SLUG, stepKey: "da_dz", answer: "a(1-a)" })).toMatchObject({ verdict: "correct", solved: true, solvedAfterSolution: true });
    // Solved first, revealed afterwards (allowed once solved): a real solve.
    expect(await checkAnswer(t.db, me, { slug: SLUG, stepKey: "dL_dz", answer: "a - y" })).toMatchObject({ verdict: "correct", solvedAfterSolution: false });
    expect(await revealSolution(t.db, me, { slug: SLUG, stepKey: "dL_dz" })).toMatchObject({ ok: true });
    const statuses = await getStepStatuses(t.db, me.id, exerciseId);
    expect(statuses.get("da_dz")).toMatchObject({ solved: true, solvedAfterSolution: true });
    expect(statuses.get("dL_dz")).toMatchObject({ solved: true, solvedAfterSolution: false, solutionRevealed: true });
  });
});

describe("hints, solutions and drafts", () => {
  it("reveals hints one at a time and records them", async () => {
    const me = await newStudent("hints");
    expect(await revealHint(t.db, me, { slug: SLUG, stepKey: "dL_da", hintIndex: 1 })).toMatchObject({ ok: false });
    expect(await revealHint(t.db, me, { slug: SLUG, stepKey: "dL_da", hintIndex: 0 })).toMatchObject({ ok: true, hintsUsed: 1, hintCount: 2 });
    expect(await revealHint(t.db, me, { slug: SLUG, stepKey: "dL_da", hintIndex: 0 })).toMatchObject({ ok: true, hintsUsed: 1 });
    expect(await revealHint(t.db, me, { slug: SLUG, stepKey: "dL_da", hintIndex: 1 })).toMatchObject({ ok: true, hintsUsed: 2 });
    expect(await revealHint(t.db, me, { slug: SLUG, stepKey: "dL_da", hintIndex: 2 })).toMatchObject({ ok: false });
    const status = (await getStepStatuses(t.db, me.id, exerciseId)).get("dL_da");
    expect(status).toMatchObject({ hintsUsed: 2, revealedHints: [0, 1], attempts: 0 });
  });

  it("opens the worked solution after attemptsBeforeSolution incorrect attempts, and records the reveal", async () => {
    const me = await newStudent("solution");
    for (let i = 1; i <= 3; i++) {
      const before = await revealSolution(t.db, me, { slug: SLUG, stepKey: "da_dz" });
      expect(before).toMatchObject({ ok: false });
      const r = await checkAnswer(t.db, me, { slug: SLUG, stepKey: "da_dz", answer: `a + ${i}` });
      expect(r).toMatchObject({ verdict: "incorrect", incorrect: i, solutionAvailable: i >= 3 });
    }
    const revealed = await revealSolution(t.db, me, { slug: SLUG, stepKey: "da_dz" });
    expect(revealed).toMatchObject({ ok: true });
    if (!revealed.ok) throw new Error("unexpected");
    expect(revealed.expectedLatex.replace(/\s/g, "")).toContain("1-a");
    expect(revealed.solutionHtml).toContain("katex");
    expect((await getStepStatuses(t.db, me.id, exerciseId)).get("da_dz")).toMatchObject({ solutionRevealed: true });
    expect(await t.db.solutionReveal.count({ where: { userId: me.id } })).toBe(1);
  });

  it("opens the solution once the assignment's due date has passed", async () => {
    const me = await newStudent("due");
    expect(await revealSolution(t.db, me, { slug: SLUG, stepKey: "dL_dz" })).toMatchObject({ ok: false, status: 403 });
    // The access rule reads the due date from the student's course assignment (lib/auth/policy).
    const where = { exerciseId, course: { joinCode: "DEMO-2026" } };
    const before = await t.db.assignment.findFirstOrThrow({ where });
    await t.db.assignment.update({ where: { id: before.id }, data: { dueAt: new Date(Date.now() - 1000) } });
    try {
      expect(await revealSolution(t.db, me, { slug: SLUG, stepKey: "dL_dz" })).toMatchObject({ ok: true });
    } finally {
      await t.db.assignment.update({ where: { id: before.id }, data: { dueAt: before.dueAt } });
    }
  });

  it("saves drafts per step and restores them", async () => {
    const me = await newStudent("drafts");
    expect(await saveDraftFor(t.db, me, { slug: SLUG, stepKey: "dL_da", text: "(a-y)/" })).toMatchObject({ ok: true });
    expect(await saveDraftFor(t.db, me, { slug: SLUG, stepKey: "dL_da", text: "(a-y)/(a(1-a))" })).toMatchObject({ ok: true });
    expect(await saveDraftFor(t.db, me, { slug: SLUG, stepKey: "nope", text: "x" })).toMatchObject({ ok: false });
    expect(await getDrafts(t.db, me.id, exerciseId)).toEqual({ dL_da: { text: "(a-y)/(a(1-a))", updatedAt: expect.any(Date) } });
  });
});

/**
 * The exact-count invariant under concurrency: every student's StepProgress counts exactly the
 * attempts stored before (and including) their first correct one, and every later attempt is
 * practice (issue 17 item 4) — whatever order the simultaneous checks landed in.
 */
async function expectExactCounts(ids: string[], stepKey: string) {
  const progress = await t.db.stepProgress.findMany({ where: { userId: { in: ids }, stepKey } });
  expect(progress).toHaveLength(ids.length);
  const attempts = await t.db.attempt.findMany({ where: { userId: { in: ids }, stepKey }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  for (const p of progress) {
    const mine = attempts.filter((a) => a.userId === p.userId);
    const firstCorrect = mine.findIndex((a) => a.verdict === "CORRECT");
    const counted = firstCorrect < 0 ? mine : mine.slice(0, firstCorrect + 1);
    expect(mine.map((a) => a.practice)).toEqual(mine.map((_, i) => i > firstCorrect && firstCorrect >= 0));
    expect({ attempts: p.attempts, incorrect: p.incorrect, solved: p.solvedAt !== null }).toEqual({
      attempts: counted.length,
      incorrect: counted.filter((a) => a.verdict === "INCORRECT").length,
      solved: firstCorrect >= 0,
    });
  }
  return progress;
}

describe("concurrency", () => {
  it("200 simultaneous Checks from different students on the same step all land with exact counts", async () => {
    const course = await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } });
    const users: CurrentUser[] = [];
    for (let i = 0; i < 200; i++) {
      const u = await t.db.user.create({
        data: { email: `burst-${i}@test.local`, name: `Burst ${i}`, passwordHash: "x", enrolments: { create: { courseId: course.id } } },
      });
      users.push({ id: u.id, email: u.email, name: u.name, role: "STUDENT" });
    }
    // Half correct, half a known mistake; every student also submits a second answer at once.
    const submissions = users.flatMap((u, i) => [
      checkAnswer(t.db, u, { slug: SLUG, stepKey: "dL_dz", answer: i % 2 === 0 ? "a - y" : "y - a" }),
      checkAnswer(t.db, u, { slug: SLUG, stepKey: "dL_dz", answer: "a -  y" }),
    ]);
    const results = await Promise.all(submissions);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const ids = users.map((u) => u.id);
    expect(await t.db.attempt.count({ where: { userId: { in: ids } } })).toBe(400);
    expect(await t.db.attempt.count({ where: { userId: { in: ids }, verdict: "INCORRECT" } })).toBe(100);
    // Everyone solved; a second correct check after solving is practice, so the counts depend on
    // the order the two checks landed in, and must match it exactly.
    const progress = await expectExactCounts(ids, "dL_dz");
    expect(progress.every((p) => p.solvedAt !== null)).toBe(true);
    expect(await t.db.attempt.count({ where: { userId: { in: ids }, practice: false } })).toBe(progress.reduce((n, p) => n + p.attempts, 0));
  }, 120_000);

  it("hints revealed at once on one step are all counted (hintsUsed, concurrent writers on PostgreSQL)", async () => {
    const u = await t.db.user.create({ data: { email: "hint-burst@test.local", name: "Hints", passwordHash: "x" } });
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: SLUG } });
    await Promise.all([0, 1, 2, 3].map((hintIndex) => recordHintReveal(t.db, { userId: u.id, exerciseId: exercise.id, stepKey: "dL_da", hintIndex })));
    const row = await t.db.stepProgress.findUniqueOrThrow({ where: { userId_exerciseId_stepKey: { userId: u.id, exerciseId: exercise.id, stepKey: "dL_da" } } });
    expect(row.hintsUsed).toBe(4);
  });

  it("two server processes writing the same SQLite file at once: no SQLITE_BUSY reaches the student", async () => {
    // A second `next start` worker (or a CLI regrade) holds its own connection to the file: the
    // write lock is contended for real, and the busy timeout in lib/prisma-client.ts makes it wait.
    // (Two connections inside ONE process would deadlock instead: better-sqlite3 waits synchronously.)
    const course = await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } });
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const u = await t.db.user.create({
        data: { email: `proc-${i}@test.local`, name: `Proc ${i}`, passwordHash: "x", enrolments: { create: { courseId: course.id } } },
      });
      ids.push(u.id);
    }
    const worker = (answer: string) =>
      new Promise<{ failures: unknown[] }>((resolve, reject) => {
        const child = spawn(process.execPath, [require.resolve("tsx/cli"), "lib/student-work/concurrency-worker.ts", t.url, "da_dz", answer, ...ids], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("exit", (code) => {
          if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
          resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}") as { failures: unknown[] });
        });
      });
    // Each student submits once from each process, at the same time.
    const [a, b] = await Promise.all([worker("a(1-a)"), worker("a(1+a)")]);
    expect(a.failures).toEqual([]);
    expect(b.failures).toEqual([]);
    const progress = await expectExactCounts(ids, "da_dz");
    expect(progress.every((p) => p.solvedAt !== null)).toBe(true);
    expect(await t.db.attempt.count({ where: { userId: { in: ids } } })).toBe(200);
  }, 120_000);
});

describe("per-student parameters (ridge regression: λ ∈ {0.1, 0.2, 0.5} per student)", () => {
  const RIDGE = "ridge-regression-gradient";
  /** The key of dL/dw with the student's own λ written as a number, as they would type it. */
  const keyWith = (lam: number) => `2(w x + b - y) x + ${2 * lam} w`;

  it("two students see different values in the statement and each is graded against their own; regrade keeps them", async () => {
    const ridge = await t.db.exercise.findUniqueOrThrow({ where: { slug: RIDGE } });
    // Find two students with different values (the draw is deterministic per student).
    const students: { user: CurrentUser; lam: number }[] = [];
    for (let i = 0; i < 20 && (students.length < 2 || students[0]!.lam === students[1]!.lam); i++) {
      const user = await newStudent(`ridge${i}`);
      const lam = studentParameters((await findExerciseBySlug(t.db, RIDGE))!.currentVersion!, ridge.id, user.id).lam!;
      if (students.length < 2) students.push({ user, lam });
      else if (lam !== students[0]!.lam) students[1] = { user, lam };
    }
    const [s1, s2] = students as [{ user: CurrentUser; lam: number }, { user: CurrentUser; lam: number }];
    expect(s1.lam).not.toBe(s2.lam);

    // The page shows each their own number.
    const page1 = await getStudentExercise(t.db, RIDGE);
    expect(page1?.parameters).toEqual([{ name: "lam", values: [0.1, 0.2, 0.5] }]);

    // Each is graded against their own key: their own number is right, the other's is wrong.
    expect(await checkAnswer(t.db, s1.user, { slug: RIDGE, stepKey: "dL_dw", answer: keyWith(s1.lam) })).toMatchObject({ ok: true, verdict: "correct" });
    expect(await checkAnswer(t.db, s2.user, { slug: RIDGE, stepKey: "dL_dw", answer: keyWith(s1.lam) })).toMatchObject({ ok: true, verdict: "incorrect" });
    expect(await checkAnswer(t.db, s2.user, { slug: RIDGE, stepKey: "dL_dw", answer: keyWith(s2.lam) })).toMatchObject({ ok: true, verdict: "correct" });
    // Typing the parameter's name works for everybody.
    expect(await checkAnswer(t.db, s1.user, { slug: RIDGE, stepKey: "dL_dw", answer: "2(wx+b-y)x + 2 lam w" })).toMatchObject({ ok: true, verdict: "correct" });

    // A regrade judges each attempt with its student's own values: nothing changes.
    const summary = await regradeExerciseAttempts(t.db, ridge.id);
    expect(summary.changed).toEqual([]);
    expect(summary.unchanged).toBe(summary.regraded);
    expect(summary.regraded).toBe(4);
  });
});

describe("plot of an answer", () => {
  it("is drawn only for an answer the student has checked, and hides the key's curve before the solution", async () => {
    const me = await newStudent("plot");
    const input = { slug: SLUG, stepKey: "dL_dz", answer: "2a - 2y" };
    // Not checked yet: no free oracle for the key.
    expect(await plotAnswer(t.db, me, input)).toMatchObject({ ok: false, status: 409 });
    expect(await checkAnswer(t.db, me, input)).toMatchObject({ ok: true, verdict: "incorrect" });
    const plot = await plotAnswer(t.db, me, input);
    expect(plot).toMatchObject({ ok: true, keyShown: false });
    if (plot.ok) {
      expect(plot.rows.every((r) => r.correct === null)).toBe(true);
      expect(plot.svg).toContain('role="img"');
    }
    // After the solution is revealed (3 incorrect attempts), the key's curve is drawn too.
    await checkAnswer(t.db, me, { ...input, answer: "a + y" });
    await checkAnswer(t.db, me, { ...input, answer: "a" });
    expect(await revealSolution(t.db, me, { slug: SLUG, stepKey: "dL_dz" })).toMatchObject({ ok: true });
    expect(await plotAnswer(t.db, me, input)).toMatchObject({ ok: true, keyShown: true });
  });
});

describe("the in-process version cache", () => {
  it("is never used after a new version is published: the next check grades against the new key", async () => {
    const me = await newStudent("cache");
    const input = { slug: "tanh-derivative", stepKey: "in_terms_of_t", answer: "2 - t^2" };
    // Load (and cache) the current version: this answer is wrong under it.
    expect(await checkAnswer(t.db, me, input)).toMatchObject({ ok: true, verdict: "incorrect" });
    const stored = (await findExerciseBySlug(t.db, "tanh-derivative"))!;
    const def = toDefinition(stored.slug, stored.published, stored.currentVersion!);
    const next = { ...def, steps: def.steps.map((s) => (s.key === "in_terms_of_t" ? { ...s, expected: "2 - t^2", mistakes: [], tests: [] } : s)) };
    await t.db.$transaction((tx) => addExerciseVersion(tx, stored.id, next));
    // The very next check reads the new current version id, so the cached old version is not used.
    expect(await checkAnswer(t.db, me, input)).toMatchObject({ ok: true, verdict: "correct" });
    // Each attempt records the step of the version it was graded under: the check before the
    // publish under the old version, the one after under the new; the page shows the new one at once.
    const published = (await findExerciseBySlug(t.db, "tanh-derivative"))!;
    expect(published.currentVersionId).not.toBe(stored.currentVersionId);
    const attempts = await t.db.attempt.findMany({ where: { userId: me.id, stepKey: "in_terms_of_t" }, orderBy: { createdAt: "asc" }, select: { step: { select: { versionId: true } } } });
    expect(attempts.map((a) => a.step.versionId)).toEqual([stored.currentVersionId, published.currentVersionId]);
    expect((await getStudentExercise(t.db, "tanh-derivative"))?.versionId).toBe(published.currentVersionId);
  });
});
