import { describe, expect, it } from "vitest";
import { buildStepAnalytics, type StepAttemptRow } from "./step-analytics";

const step = { key: "s", title: "s", position: 0, expected: "x", mistakes: [{ expression: "2x", feedback: "doubled" }] };
const variables = [{ name: "x", range: [1, 2] as [number, number] }];
let n = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const a = (userId: string, verdict: StepAttemptRow["verdict"], minute: number, extra: Partial<StepAttemptRow> = {}): StepAttemptRow => ({
  id: `a${n++}`,
  userId,
  stepKey: "s",
  verdict,
  answer: verdict === "CORRECT" ? "x" : "2x",
  parsed: verdict === "CORRECT" ? "x" : "2*x",
  diagnosis: verdict === "INCORRECT" ? "known-mistake" : null,
  createdAt: at(minute),
  ...extra,
});

describe("buildStepAnalytics: students per outcome (issue 17 item 4)", () => {
  it("counts each student once by where they stand, and leaves practice checks out of every figure", () => {
    const attempts = [
      // ann: solved on her own, then 30 practice checks after solving.
      a("ann", "CORRECT", 1),
      ...Array.from({ length: 30 }, (_, i) => a("ann", "CORRECT", 2 + i, { practice: true })),
      // bob: wrong, revealed the solution at minute 5, then right.
      a("bob", "INCORRECT", 3),
      a("bob", "CORRECT", 6),
      // cem: a known mistake, not solved.
      a("cem", "INCORRECT", 4),
      // dee: an unrecognised wrong answer, not solved.
      a("dee", "INCORRECT", 4, { diagnosis: null, answer: "x+1", parsed: "x+1" }),
      // eva: carried forward.
      a("eva", "CARRIED_FORWARD", 4),
    ];
    const r = buildStepAnalytics(step, variables, attempts, { hints: [], solutions: [{ userId: "bob", createdAt: at(5) }] });
    expect(r.tried).toBe(5);
    expect(r.students).toEqual({ solved: 1, solvedAfterSolution: 1, carriedForward: 1, knownMistake: 1, otherIncorrect: 1 });
    // Attempts: ann's 30 practice checks are not among them.
    expect(r.verdicts).toEqual({ correct: 2, carriedForward: 1, knownMistake: 2, otherIncorrect: 1 });
    expect(r.firstTryCorrect).toBe(1 / 5);
  });

  it("a solution revealed after solving does not make the solve one 'after solution'", () => {
    const r = buildStepAnalytics(step, variables, [a("ann", "CORRECT", 1)], { hints: [], solutions: [{ userId: "ann", createdAt: at(2) }] });
    expect(r.students).toMatchObject({ solved: 1, solvedAfterSolution: 0 });
  });
});
