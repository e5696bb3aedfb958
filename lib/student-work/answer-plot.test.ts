import { describe, expect, it } from "vitest";
import { answerCurve } from "@/lib/grading";
import { renderAnswerPlot } from "./answer-plot";

const seed = [
  { name: "z", range: [-4, 4] as [number, number] },
  { name: "y", range: [0, 1] as [number, number] },
  { name: "a", definition: "sigma(z)" },
];
const curve = answerCurve("2a - 2y", "a - y", seed)!;

describe("renderAnswerPlot", () => {
  it("before the solution: only the student's curve and where it is too high or too low, never the key's values", () => {
    const p = renderAnswerPlot(curve, { keyShown: false, stepName: "dL/dz", id: "dL_dz" });
    expect(p.keyShown).toBe(false);
    expect(p.svg.match(/<path /g)).toHaveLength(1);
    expect(p.svg).not.toContain("stroke-dasharray");
    expect(p.rows.every((r) => r.correct === null)).toBe(true);
    expect(p.rows.some((r) => r.difference === "too high" || r.difference === "too low")).toBe(true);
    // "equal" would trace where the key meets the answer: hidden as "—" before the solution.
    expect(p.rows.some((r) => r.difference === "equal")).toBe(false);
    // No number in the picture or the table is a value of the key.
    const keyValues = new Set(curve.key.map((v) => Number(v.toPrecision(4))));
    expect(p.rows.filter((r) => r.yours !== null && keyValues.has(r.yours) && r.difference !== "equal")).toEqual([]);
  });
  it("once the solution is available: both curves and both columns", () => {
    const p = renderAnswerPlot(curve, { keyShown: true, stepName: "dL/dz", id: "dL_dz" });
    expect(p.svg.match(/<path /g)).toHaveLength(2);
    expect(p.rows.every((r) => r.correct !== null)).toBe(true);
  });
  it("is accessible (role img, title and description by id) and escapes text", () => {
    const p = renderAnswerPlot(curve, { keyShown: false, stepName: "<b>x</b>", id: "s1" });
    expect(p.svg).toContain('role="img" aria-labelledby="plot-s1-title plot-s1-desc"');
    expect(p.svg).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(p.svg).not.toContain("<b>");
    expect(p.rows).toHaveLength(11);
  });
});
