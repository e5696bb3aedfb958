/**
 * Exercise content is bounded in every list, not only in string lengths: the server grades every
 * question test on save, import and publish, so an unbounded list (a 2 MB request holds tens of
 * thousands of tests) would keep the single Node process busy for everyone.
 */
import { describe, expect, it } from "vitest";
import { seedExercises } from "@/prisma/fixtures";
import { checkExercise } from "./validation";
import { EXERCISE_LIMITS, exerciseFileSchema, exerciseSchema } from "@/lib/exercises/definition";

const base = seedExercises[1]!;
const step = base.steps[0]!;

describe("exercise list limits", () => {
  it("the seed exercises are well within the limits", () => {
    for (const e of seedExercises) expect(exerciseSchema.safeParse(e).success).toBe(true);
  });

  it.each([
    ["steps", { ...base, steps: Array.from({ length: EXERCISE_LIMITS.steps + 1 }, (_, i) => ({ ...step, key: `s${i}` })) }],
    ["variables", { ...base, variables: [...base.variables, ...Array.from({ length: EXERCISE_LIMITS.variables }, (_, i) => ({ name: `v${i}`, range: [0, 1] as [number, number] }))] }],
    ["hints", { ...base, steps: [{ ...step, hints: Array.from({ length: EXERCISE_LIMITS.hints + 1 }, () => "a hint") }] }],
    ["mistakes", { ...base, steps: [{ ...step, mistakes: Array.from({ length: EXERCISE_LIMITS.mistakes + 1 }, (_, i) => ({ expression: `${i + 2}*t`, feedback: "no" })) }] }],
    ["tests", { ...base, steps: [{ ...step, tests: Array.from({ length: EXERCISE_LIMITS.tests + 1 }, () => ({ answer: "t", verdict: "incorrect" as const })) }] }],
  ])("refuses too many %s as a shape error, before grading anything", (_name, exercise) => {
    expect(exerciseSchema.safeParse(exercise).success).toBe(false);
    const check = checkExercise(exercise);
    expect(check.ok).toBe(false);
    expect(check.testResults).toEqual([]);
  });

  it("refuses a huge list of question tests quickly (no grading)", () => {
    const tests = Array.from({ length: 20_000 }, () => ({ answer: "1 - t^2", verdict: "correct" as const }));
    const started = performance.now();
    const check = checkExercise({ ...base, steps: [{ ...step, tests }] });
    expect(check.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("bounds the exercises in one file and forbidden-function names", () => {
    expect(exerciseFileSchema.safeParse({ format: "stepwise.exercises", version: 1, exercises: Array.from({ length: EXERCISE_LIMITS.exercisesPerFile + 1 }, () => base) }).success).toBe(false);
    const form = { forbiddenFunctions: ["x".repeat(10_000)] };
    expect(exerciseSchema.safeParse({ ...base, steps: [{ ...step, form }] }).success).toBe(false);
  });
});
