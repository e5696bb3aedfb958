import { describe, expect, it } from "vitest";
import { answerCurve } from "./curve";

const seed = [
  { name: "z", range: [-4, 4] as [number, number] },
  { name: "y", range: [0, 1] as [number, number] },
  { name: "a", definition: "sigma(z)" },
];

describe("answerCurve", () => {
  it("evaluates both expressions along the first variable they use, holding the others where they differ", () => {
    const c = answerCurve("2a - 2y", "a - y", seed, { samples: 9 })!;
    expect(c.variable).toBe("z");
    expect(c.range).toEqual([-4, 4]);
    expect(c.xs[0]).toBe(-4);
    expect(c.xs.at(-1)).toBe(4);
    const y = c.held.y!;
    expect(y).toBeGreaterThanOrEqual(0);
    expect(y).toBeLessThanOrEqual(1);
    c.xs.forEach((z, i) => {
      const a = 1 / (1 + Math.exp(-z));
      expect(c.key[i]).toBeCloseTo(a - y, 12);
      expect(c.answer[i]).toBeCloseTo(2 * (a - y), 12);
      expect(c.sign[i]).toBe(Math.abs(a - y) < 1e-12 ? 0 : Math.sign(a - y));
    });
  });
  it("marks equality where the answer is right, and NaN where either is undefined", () => {
    const same = answerCurve("σ(z) − y", "a - y", seed)!;
    expect(same.sign.every((s) => s === 0)).toBe(true);
    const pole = answerCurve("1/z", "z", [{ name: "z", range: [-1, 1] }], { samples: 3 })!;
    expect(pole.sign[1]).toBeNaN();
    // Where only the KEY is undefined nothing is said (its poles are not shown before the solution).
    const keyPole = answerCurve("z", "1/z", [{ name: "z", range: [-1, 1] }], { samples: 3 })!;
    expect(keyPole.sign[1]).toBe(0);
  });
  it("plots along the variable an author names, and is null when nothing can be plotted", () => {
    expect(answerCurve("2a - 2y", "a - y", seed, { variable: "y" })?.variable).toBe("y");
    expect(answerCurve("2 +", "a - y", seed)).toBeNull();
    expect(answerCurve("3", "2", seed)).toBeNull();
  });
});

describe("answerCurve with issue 15 variables", () => {
  it("never sweeps a values or integer variable, holds it at one of its values, and has no curve for matrix steps", () => {
    const c = answerCurve("k z - y + 1", "k z - y", [
      { name: "y", values: [0, 1] },
      { name: "k", integer: [1, 3] },
      { name: "z", range: [-2, 2] },
    ]);
    expect(c?.variable).toBe("z");
    expect([0, 1]).toContain(c?.held.y);
    expect([1, 2, 3]).toContain(c?.held.k);
    expect(answerCurve("X", "X", [{ name: "n", integer: [2, 3] }, { name: "X", shape: ["n", 1], range: [0, 1] }])).toBeNull();
  });
});
