import { describe, expect, it } from "vitest";
import { describeParameters, drawParameters, fillParameters, forValidation, withParameters } from "./parameters";

const variables = [
  { name: "w", range: [-2, 2] as [number, number] },
  { name: "lam", parameter: [0.1, 0.2, 0.5] },
];

describe("per-student parameters", () => {
  it("draw the same value for the same student and exercise, every time", () => {
    expect(drawParameters(variables, "ex1", "u1")).toEqual(drawParameters(variables, "ex1", "u1"));
  });
  it("give different students different values (over many students, every value occurs)", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 60; i++) seen.add(drawParameters(variables, "ex1", `student-${i}`).lam!);
    expect([...seen].sort()).toEqual([0.1, 0.2, 0.5]);
  });
  it("a redraw gives another set for the same person", () => {
    const draws = new Set<number>();
    for (let d = 0; d < 30; d++) draws.add(drawParameters(variables, "ex1", "author", d).lam!);
    expect(draws.size).toBeGreaterThan(1);
  });
  it("become constants for grading and a range over their values for validation", () => {
    expect(withParameters(variables, { lam: 0.2 })).toEqual([variables[0], { name: "lam", definition: "0.2" }]);
    expect(forValidation(variables)).toEqual([variables[0], { name: "lam", range: [0.1, 0.5] }]);
    expect(forValidation([{ name: "k", parameter: [3] }])).toEqual([{ name: "k", definition: "3" }]);
  });
  it("fill {name} in author text, leaving LaTeX groups alone", () => {
    expect(fillParameters("$L = (wx)^2 + {lam}\\, w^2$ and \\frac{dL}{dw}", { lam: 0.2 })).toBe("$L = (wx)^2 + 0.2\\, w^2$ and \\frac{dL}{dw}");
    expect(describeParameters({ lam: 0.5, k: 3 })).toBe("lam = 0.5, k = 3");
  });
});
