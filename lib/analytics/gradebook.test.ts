import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { addDemoActivity } from "@/scripts/demo-activity";
import { bucketByDay, courseActivity } from "./activity";
import { buildGradebook, completionByExercise, getCourseGradebook, viewGradebook, type GradebookExercise, type ProgressRow } from "./gradebook";
import { buildStepAnalytics, getExerciseAnalytics, median, type StepAttemptRow } from "./step-analytics";
import { listCourseAttempts } from "./course-attempts";
import { seedExercises } from "@/prisma/fixtures";
import type { Variable } from "@/lib/grading";

const d = (s: string) => new Date(s);

describe("buildGradebook (pure)", () => {
  const exercises: GradebookExercise[] = [
    { id: "e1", slug: "one", title: "One", dueAt: d("2026-01-10T00:00:00Z"), stepKeys: ["s1", "s2"] },
    { id: "e2", slug: "two", title: "Two", dueAt: null, stepKeys: ["t1"] },
  ];
  const students = [
    { id: "u1", name: "Zoe", email: "zoe@x.test" },
    { id: "u2", name: "Abe", email: "abe@x.test" },
  ];
  const row = (p: Partial<ProgressRow> & Pick<ProgressRow, "userId" | "exerciseId" | "stepKey">): ProgressRow => ({
    attempts: 1,
    solvedAt: null,
    solutionRevealed: false,
    hintsUsed: 0,
    lastActivityAt: d("2026-01-05T00:00:00Z"),
    ...p,
  });
  const progress = [
    row({ userId: "u1", exerciseId: "e1", stepKey: "s1", attempts: 3, solvedAt: d("2026-01-09T00:00:00Z") }),
    row({ userId: "u1", exerciseId: "e1", stepKey: "s2", attempts: 2, solvedAt: d("2026-01-11T00:00:00Z"), solutionRevealed: true, solvedAfterSolution: true, lastActivityAt: d("2026-01-11T00:00:00Z") }),
    row({ userId: "u2", exerciseId: "e2", stepKey: "t1", attempts: 1, solvedAt: d("2026-01-02T00:00:00Z") }),
    // A step removed from the current version and another course's student are ignored.
    row({ userId: "u2", exerciseId: "e1", stepKey: "old", attempts: 9, solvedAt: d("2026-01-02T00:00:00Z") }),
    row({ userId: "stranger", exerciseId: "e1", stepKey: "s1" }),
  ];
  const gb = buildGradebook({ students, exercises, progress });

  it("counts solved steps, late steps, revealed solutions, attempts and last activity per cell", () => {
    const zoe = gb.rows[0]!;
    expect(zoe.cells[0]).toEqual({
      stepsSolved: 2,
      stepsCarriedForward: 0,
      score: 2,
      stepCount: 2,
      solutionsRevealed: 1,
      solvedAfterSolution: 1,
      lateSteps: 1,
      // No points set: one point per step; no late policy: the late step counts in full.
      points: 2,
      pointsPossible: 2,
      latePenalty: 0,
      extendedTo: null,
      attempts: 5,
      hintsUsed: 0,
      lastActivityAt: d("2026-01-11T00:00:00Z"),
    });
    expect(zoe.cells[1]).toMatchObject({ stepsSolved: 0, stepCount: 1, attempts: 0, lastActivityAt: null });
    expect(zoe.stepsSolved).toBe(2);
    expect(zoe.stepCount).toBe(3);
    const abe = gb.rows[1]!;
    expect(abe.cells[0]).toMatchObject({ stepsSolved: 0, attempts: 0 });
    expect(abe.attempts).toBe(1);
  });

  it("applies points, step weights, the late policy and a student's extension, with class averages", () => {
    const policyExercises = [
      {
        ...exercises[0]!,
        points: 10,
        weights: { s1: 3, s2: 1 },
        latePolicy: { kind: "per-day" as const, percentPerDay: 20, maxPercent: 50 },
      },
    ];
    const late = buildGradebook({ students, exercises: policyExercises, progress });
    // Zoe: s1 on time (3/4 of 10 = 7.5), s2 one day late (2.5 − 20 % = 2).
    expect(late.rows[0]!.cells[0]).toMatchObject({ points: 9.5, pointsPossible: 10, latePenalty: 0.5, lateSteps: 1 });
    expect(late.rows[0]!.points).toBe(9.5);
    expect(late.averages).toEqual({ exercises: [4.75], total: 4.75 });
    // An extension to after s2's solve: nothing late any more.
    const extended = buildGradebook({ students, exercises: policyExercises, progress, extensions: new Map([["u1:e1", d("2026-01-12T00:00:00Z")]]) });
    expect(extended.rows[0]!.cells[0]).toMatchObject({ points: 10, latePenalty: 0, lateSteps: 0, extendedTo: d("2026-01-12T00:00:00Z") });
    // A cut-off: the late step earns nothing.
    const cutoff = buildGradebook({ students, exercises: [{ ...policyExercises[0]!, latePolicy: { kind: "cutoff" as const } }], progress });
    expect(cutoff.rows[0]!.cells[0]).toMatchObject({ points: 7.5, latePenalty: 2.5 });
  });

  it("sorts by any column and filters by name and exercise", () => {
    expect(viewGradebook(gb, {}).rows.map((r) => r.student.name)).toEqual(["Abe", "Zoe"]);
    expect(viewGradebook(gb, { sort: "solved", dir: "desc" }).rows.map((r) => r.student.name)).toEqual(["Zoe", "Abe"]);
    expect(viewGradebook(gb, { sort: "ex:two", dir: "desc" }).rows.map((r) => r.student.name)).toEqual(["Abe", "Zoe"]);
    expect(viewGradebook(gb, { sort: "bogus" }).sort).toBe("name");
    expect(viewGradebook(gb, { q: "zo" }).rows.map((r) => r.student.name)).toEqual(["Zoe"]);
    const only = viewGradebook(gb, { exercise: "two" });
    expect(only.exercises.map((e) => e.slug)).toEqual(["two"]);
    expect(only.rows.find((r) => r.student.name === "Abe")?.cells).toEqual([expect.objectContaining({ stepsSolved: 1, stepCount: 1 })]);
  });

  it("credits carried-forward steps with the exercise's follow-through credit", () => {
    const t0 = d("2026-01-10T00:00:00Z");
    const ex = { id: "e1", slug: "one", title: "One", dueAt: null, stepKeys: ["s1", "s2", "s3"], followThroughCredit: 0.5 };
    const book = buildGradebook({
      students: [{ id: "u1", name: "Ann", email: "ann@test" }],
      exercises: [ex],
      progress: [
        { userId: "u1", exerciseId: "e1", stepKey: "s1", attempts: 1, solvedAt: t0, solutionRevealed: false, hintsUsed: 0, lastActivityAt: t0 },
        { userId: "u1", exerciseId: "e1", stepKey: "s3", attempts: 1, solvedAt: null, solutionRevealed: false, carriedForward: true, hintsUsed: 0, lastActivityAt: t0 },
      ],
    });
    expect(book.rows[0]!.cells[0]).toMatchObject({ stepsSolved: 1, stepsCarriedForward: 1, score: 1.5, stepCount: 3 });
    // Full credit by default.
    const full = buildGradebook({ students: [{ id: "u1", name: "Ann", email: "ann@test" }], exercises: [{ ...ex, followThroughCredit: undefined }], progress: [
      { userId: "u1", exerciseId: "e1", stepKey: "s3", attempts: 1, solvedAt: null, solutionRevealed: false, carriedForward: true, hintsUsed: 0, lastActivityAt: t0 },
    ] });
    expect(full.rows[0]!.cells[0]).toMatchObject({ stepsSolved: 0, stepsCarriedForward: 1, score: 1 });
  });

  it("summarises completion per exercise", () => {
    const c = completionByExercise(gb);
    expect(c[0]).toMatchObject({ complete: 1, started: 0, notStarted: 1 });
    expect(c[1]).toMatchObject({ complete: 1, started: 0, notStarted: 1 });
  });
});

describe("step statistics (pure)", () => {
  it("median", () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it("first-try rate, attempts to correct, verdicts and clusters of one step", () => {
    const ex = seedExercises[0]!;
    const s = ex.steps[0]!;
    let n = 0;
    const at = (userId: string, verdict: "CORRECT" | "INCORRECT", answer: string, diagnosis: string | null = null): StepAttemptRow => ({
      id: String(++n),
      userId,
      stepKey: s.key,
      verdict,
      answer,
      parsed: "",
      diagnosis,
      createdAt: new Date(n * 1000),
    });
    const attempts = [
      at("u1", "CORRECT", "(a-y)/(a(1-a))"),
      at("u2", "INCORRECT", "y/a - (1-y)/(1-a)", "known-mistake"),
      at("u2", "INCORRECT", "1/a - 1/(1-a)", "none"),
      at("u2", "CORRECT", "-y/a + (1-y)/(1-a)"),
      at("u3", "INCORRECT", "(y-a)/(a(1-a))", "known-mistake"),
      at("u1", "INCORRECT", "log(a)", "known-mistake"), // after solving: still counted as a verdict
    ];
    const a = buildStepAnalytics({ ...s, position: 0 }, ex.variables as Variable[], attempts, {
      hints: [{ userId: "u2" }, { userId: "u2" }, { userId: "u3" }],
      solutions: [{ userId: "u3" }],
    });
    expect(a.tried).toBe(3);
    expect(a.solved).toBe(2);
    expect(a.firstTryCorrect).toBeCloseTo(1 / 3);
    expect(a.medianAttemptsToCorrect).toBe(2); // u1: 1, u2: 3
    expect(a.hintStudents).toBe(2);
    expect(a.hintReveals).toBe(3);
    expect(a.solutionReveals).toBe(1);
    expect(a.verdicts).toEqual({ correct: 2, carriedForward: 0, knownMistake: 3, otherIncorrect: 1 });
    expect(a.clusters.map((c) => [c.size, c.knownMistake?.index ?? null])).toEqual([
      [2, 0],
      [1, null],
      [1, 3],
    ]);
  });

  it("buckets activity by UTC day", () => {
    const start = d("2026-01-01T00:00:00Z");
    const out = bucketByDay(
      [
        { createdAt: d("2026-01-01T10:00:00Z"), verdict: "CORRECT" },
        { createdAt: d("2026-01-03T23:59:00Z"), verdict: "INCORRECT" },
        { createdAt: d("2026-01-09T00:00:00Z"), verdict: "CORRECT" }, // outside the window
      ],
      start,
      3,
    );
    expect(out).toEqual([
      { day: "2026-01-01", correct: 1, incorrect: 0 },
      { day: "2026-01-02", correct: 0, incorrect: 0 },
      { day: "2026-01-03", correct: 0, incorrect: 1 },
    ]);
  });
});

describe("gradebook queries on a database with demo activity", () => {
  let t: TestDb;
  let courseId: string;
  let logisticId: string;
  const now = new Date("2026-03-15T12:00:00Z");

  beforeAll(async () => {
    t = await createTestDb({ seeded: true });
    await addDemoActivity(t.db, { now });
    courseId = (await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } })).id;
    logisticId = (await t.db.exercise.findUniqueOrThrow({ where: { slug: "logistic-regression-gradient" } })).id;
  });
  afterAll(async () => t?.cleanup());

  it("lists every enrolled student with cells that agree with the stored attempts", async () => {
    const gb = await getCourseGradebook(t.db, courseId);
    expect(gb).not.toBeNull();
    expect(gb!.rows).toHaveLength(26); // the demo student + 25 simulated
    // Every seeded exercise, in the order the seed assigns them.
    expect(gb!.exercises.map((e) => e.slug)).toEqual(seedExercises.map((e) => e.slug));
    for (const row of gb!.rows) {
      for (const [i, cell] of row.cells.entries()) {
        const stored = await t.db.attempt.count({ where: { userId: row.student.id, exerciseId: gb!.exercises[i]!.id, practice: false } });
        expect(cell.attempts).toBe(stored);
      }
    }
    const solved = gb!.rows.reduce((n, r) => n + r.stepsSolved, 0);
    const solvedSteps = await t.db.stepProgress.count({ where: { solvedAt: { not: null } } });
    expect(solved).toBe(solvedSteps);
    expect(gb!.rows.some((r) => r.cells.some((c) => c.lateSteps > 0))).toBe(true);
    expect(gb!.rows.some((r) => r.cells.some((c) => c.solutionsRevealed > 0))).toBe(true);
  });

  it("lists one student's attempts in time order with how each answer was read", async () => {
    const student = await t.db.user.findUniqueOrThrow({ where: { email: "sim01@stepwise.test" } });
    const attempts = await listCourseAttempts(t.db, courseId, { userId: student.id });
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((a) => a.userId === student.id)).toBe(true);
    for (let i = 1; i < attempts.length; i++) expect(attempts[i]!.createdAt >= attempts[i - 1]!.createdAt).toBe(true);
    expect(attempts.every((a) => a.latex.length > 0 && a.verdict !== "INVALID")).toBe(true);
  });

  it("per-step analytics gather the missing −1 spellings into one cluster matched to its known mistake", async () => {
    const a = await getExerciseAnalytics(t.db, courseId, logisticId);
    const dLda = a!.steps.find((s) => s.key === "dL_da")!;
    expect(dLda.tried).toBeGreaterThan(10);
    const missing = dLda.clusters.filter((c) => c.knownMistake?.index === 0);
    expect(missing).toHaveLength(1);
    expect(missing[0]!.spellings.map((s) => s.text)).toEqual(
      expect.arrayContaining(["y/a - (1-y)/(1-a)", "y/a-(1-y)/(1-a)", "(y-a)/(a(1-a))", "y/σ(z) - (1-y)/(1-σ(z))"]),
    );
    const unrecognised = dLda.clusters.find((c) => c.knownMistake === null && c.spellings.some((s) => s.text === "1/a - 1/(1-a)"));
    expect(unrecognised?.spellings.length).toBeGreaterThan(1);
    expect(dLda.invalidWrongAnswers).toBe(0);
    expect(await t.db.attempt.count({ where: { verdict: "INVALID" } })).toBe(0);
  });

  it("counts activity per day within the last two weeks", async () => {
    const days = await courseActivity(t.db, courseId, 14, now);
    const total = days.reduce((n, d) => n + d.correct + d.incorrect, 0);
    expect(total).toBe(await t.db.attempt.count({ where: { courseId } }));
  });

  it("re-running the demo activity adds nothing", async () => {
    const before = await t.db.attempt.count();
    const again = await addDemoActivity(t.db, { now });
    expect(again.created).toBe(0);
    expect(await t.db.attempt.count()).toBe(before);
    expect(await t.db.user.count({ where: { email: { startsWith: "sim" } } })).toBe(25);
  });
});
