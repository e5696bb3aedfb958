import { describe, expect, it } from "vitest";
import { compileStep, type CompiledStep } from "./index";
import { SEED_CASES, SEED_STEPS, SEED_VARIABLES } from "./seed-cases";

const compiled = SEED_STEPS.map((s) => {
  const c = compileStep(s, SEED_VARIABLES);
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  return c;
}) as CompiledStep[];

const STEP_NAMES = ["dL/da", "da/dz", "dL/dz"];

describe("seed exercise: table of answers", () => {
  it("has at least 150 cases", () => {
    expect(SEED_CASES.length).toBeGreaterThanOrEqual(150);
  });
  it.each(SEED_CASES.map((c) => [STEP_NAMES[c.step], c.answer, c.verdict, c] as const))("%s: %j is %s", (_s, answer, verdict, c) => {
    const step = compiled[c.step] as CompiledStep;
    const r = step.grade(answer);
    expect(r.verdict, JSON.stringify(r)).toBe(verdict);
    if (c.diagnosis !== undefined) expect(r.verdict === "incorrect" && r.diagnosis).toBe(c.diagnosis);
    if (c.mistakeIndex !== undefined) {
      expect(r.verdict === "incorrect" && r.mistakeIndex).toBe(c.mistakeIndex);
      expect(r.verdict === "incorrect" && r.feedback).toBe(SEED_STEPS[c.step]?.mistakes?.[c.mistakeIndex]?.feedback);
    }
    if (r.verdict === "invalid") {
      expect(r.error.start).toBeGreaterThanOrEqual(0);
      expect(r.error.end).toBeGreaterThanOrEqual(r.error.start);
      expect(r.error.end).toBeLessThanOrEqual(Math.max(answer.length, 0));
      expect(r.error.message.length).toBeGreaterThan(5);
    }
  });

  it("gives the same verdict and seed on resubmission", () => {
    for (const c of SEED_CASES.slice(0, 60)) {
      const step = compiled[c.step] as CompiledStep;
      expect(step.grade(c.answer)).toEqual(step.grade(c.answer));
    }
    const again = compileStep(SEED_STEPS[2]!, SEED_VARIABLES);
    expect(again.ok && again.seed).toBe(compiled[2]!.seed);
  });
});
