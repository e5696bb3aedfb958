import { describe, expect, it } from "vitest";
import { daysLate, describeLatePolicy, effectiveDueAt, lateFactor, parseLatePolicy, roundPoints } from "./late-policy";

const due = new Date("2026-03-01T12:00:00Z");
const after = (hours: number) => new Date(due.getTime() + hours * 3600 * 1000);

describe("late policies (one test per rule)", () => {
  it("on time (or no due date) keeps full credit under every policy", () => {
    for (const policy of [{ kind: "none" }, { kind: "cutoff" }, { kind: "per-day", percentPerDay: 10, maxPercent: 50 }] as const) {
      expect(lateFactor(policy, due, due)).toBe(1);
      expect(lateFactor(policy, due, after(-5))).toBe(1);
      expect(lateFactor(policy, null, after(1000))).toBe(1);
    }
  });

  it("none: late work counts in full", () => {
    expect(lateFactor({ kind: "none" }, due, after(500))).toBe(1);
  });

  it("cutoff: anything after the due date earns nothing, even a minute", () => {
    expect(lateFactor({ kind: "cutoff" }, due, after(1 / 60))).toBe(0);
  });

  it("per-day: each started day deducts the percentage, capped at the maximum", () => {
    const policy = { kind: "per-day", percentPerDay: 10, maxPercent: 50 } as const;
    expect(daysLate(due, after(1 / 60))).toBe(1);
    expect(lateFactor(policy, due, after(1 / 60))).toBeCloseTo(0.9, 12);
    expect(lateFactor(policy, due, after(24))).toBeCloseTo(0.9, 12);
    expect(lateFactor(policy, due, after(24.01))).toBeCloseTo(0.8, 12);
    expect(lateFactor(policy, due, after(24 * 7))).toBeCloseTo(0.5, 12);
    expect(lateFactor({ kind: "per-day", percentPerDay: 100, maxPercent: 100 }, due, after(1))).toBe(0);
  });

  it("an extension replaces the assignment's due date for that student", () => {
    const extended = after(48);
    expect(effectiveDueAt(due, extended)).toEqual(extended);
    expect(effectiveDueAt(due, null)).toEqual(due);
    expect(lateFactor({ kind: "cutoff" }, effectiveDueAt(due, extended), after(47))).toBe(1);
  });

  it("reads stored policies defensively and describes them", () => {
    expect(parseLatePolicy(null)).toEqual({ kind: "none" });
    expect(parseLatePolicy("{not json")).toEqual({ kind: "none" });
    expect(parseLatePolicy(JSON.stringify({ kind: "per-day", percentPerDay: 0, maxPercent: 10 }))).toEqual({ kind: "none" });
    expect(parseLatePolicy(JSON.stringify({ kind: "cutoff" }))).toEqual({ kind: "cutoff" });
    expect(describeLatePolicy({ kind: "per-day", percentPerDay: 10, maxPercent: 50 })).toBe("−10 % per day late, at most −50 %");
    expect(roundPoints(6.666666)).toBe(6.67);
  });
});
