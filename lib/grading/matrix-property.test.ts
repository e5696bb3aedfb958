import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileStep, gradeAnswer, parseExpression, parseOptionsFor, sameTree } from "./index";
import { LR_VARIABLES } from "./matrix-cases";

const options = parseOptionsFor(LR_VARIABLES);

/** Expressions by shape over the logistic-regression variables (n×m X, n×1 w, 1×m Y/A/dZ, n×n S). */
const byShape = fc.letrec<{ nm: string; n1: string; m1: string; row: string; nn: string; s: string }>((tie) => ({
  s: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom("b", "m", "n", "2", "0.5", "sum(dZ)", "np.mean(A)", "(w^T w)"),
    fc.tuple(tie("s"), fc.constantFrom("+", "-", "*"), tie("s")).map(([l, o, r]) => `(${l} ${o} ${r})`),
    fc.tuple(tie("row"), tie("m1")).map(([r, c]) => `(${r} ${c})`),
  ),
  nm: fc.oneof(
    { depthSize: "small" },
    fc.constant("X"),
    fc.tuple(tie("nn"), tie("nm")).map(([a, b]) => `(${a} ${b})`),
    fc.tuple(tie("nm"), fc.constantFrom("+", "-", "*", "⊙", ".*"), tie("nm")).map(([l, o, r]) => `(${l} ${o} ${r})`),
    fc.tuple(tie("s"), tie("nm")).map(([s, x]) => `(${s} ${x})`),
    fc.tuple(tie("nm"), tie("n1")).map(([x, c]) => `(${x} - ${c})`),
    fc.tuple(tie("nm"), tie("row")).map(([x, r]) => `(${x} * ${r})`),
    fc.tuple(fc.constantFrom("sigma", "tanh", "np.tanh", "exp"), tie("nm")).map(([f, x]) => `${f}(${x} / 4)`),
    tie("nm").map((x) => `(-${x})`),
  ),
  n1: fc.oneof(
    { depthSize: "small" },
    fc.constant("w"),
    fc.tuple(tie("nm"), tie("m1")).map(([a, b]) => `(${a} ${b})`),
    fc.tuple(tie("nn"), tie("n1")).map(([a, b]) => `np.dot(${a}, ${b})`),
    tie("nm").map((x) => `sum(${x}, axis=1)`),
  ),
  m1: fc.oneof({ depthSize: "small" }, fc.constantFrom("dZ^T", "(A - Y)^T", "Y'"), tie("row").map((r) => `(${r})ᵀ`), tie("row").map((x) => `(${x}).T`), tie("nm").map((x) => `np.transpose(${x}) w`)),
  row: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom("A", "Y", "dZ", "(A - Y)"),
    fc.tuple(tie("n1"), tie("nm")).map(([c, x]) => `${c}^T ${x}`),
    fc.tuple(tie("row"), fc.constantFrom("+", "-", "*"), tie("row")).map(([l, o, r]) => `(${l} ${o} ${r})`),
    tie("nm").map((x) => `mean(${x}, axis=0)`),
  ),
  nn: fc.oneof({ depthSize: "small" }, fc.constant("S"), fc.tuple(tie("nm"), tie("nm")).map(([a, b]) => `(${a} @ ${b}.T / 4)`), fc.tuple(tie("n1"), tie("n1")).map(([a, b]) => `(${a} ${b}^T)`)),
}));

/** Keys and answers are capped at 500 characters: keep generated ones well below. */
const short = <T extends string>(a: fc.Arbitrary<T>): fc.Arbitrary<T> => a.filter((t) => t.length <= 110);
const S = { nm: short(byShape.nm), n1: short(byShape.n1), m1: short(byShape.m1), row: short(byShape.row), nn: short(byShape.nn), s: short(byShape.s) };

const correct = (answer: string, expected: string): void => {
  const r = gradeAnswer(answer, { expected }, LR_VARIABLES);
  expect(r.verdict, `${answer} vs ${expected}: ${JSON.stringify(r)}`).toBe("correct");
};

describe("matrix properties", () => {
  it("canonical print re-parses to the same tree and is a fixed point", () => {
    fc.assert(
      fc.property(fc.oneof(S.nm, S.n1, S.row, S.s), (text) => {
        const r = parseExpression(text, options);
        expect(r.ok, `${text}: ${JSON.stringify(r)}`).toBe(true);
        if (!r.ok) return;
        const again = parseExpression(r.canonical, options);
        expect(again.ok, r.canonical).toBe(true);
        if (!again.ok) return;
        expect(sameTree(r.expr, again.expr)).toBe(true);
        expect(again.canonical).toBe(r.canonical);
        expect(again.shape).toBe(r.shape);
      }),
      { numRuns: 300 },
    );
  });

  it("A B and (Bᵀ Aᵀ)ᵀ grade equal", () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(S.nm, S.m1), fc.tuple(S.nn, S.nm), fc.tuple(S.row, S.m1)), ([a, b]) => {
        correct(`(${a}) (${b})`, `((${b})^T (${a})^T)^T`);
      }),
      { numRuns: 60 },
    );
  });

  it("X dZᵀ / m equals (1/m) X dZᵀ: dividing by a scalar is multiplying by its reciprocal", () => {
    fc.assert(
      fc.property(S.n1, fc.constantFrom("m", "n", "2", "(m + n)"), (e, c) => {
        correct(`${e} / ${c}`, `(1/${c}) ${e}`);
      }),
      { numRuns: 60 },
    );
  });

  it("element-wise products commute and distribute; transposes are involutions", () => {
    fc.assert(
      fc.property(S.nm, S.nm, S.nm, (a, b, c) => {
        correct(`${b} * ${a}`, `${a} ⊙ ${b}`);
        correct(`(${a} * ${b} + ${a} * ${c})^T^T`, `${a} * (${b} + ${c})`);
      }),
      { numRuns: 40 },
    );
  });

  it("a shape-checked answer never throws, and an invalid one is located inside the text", () => {
    const step = compileStep({ expected: "(1/m) X (A - Y)^T" }, LR_VARIABLES);
    if (!step.ok) throw new Error("key");
    const piece = fc.constantFrom("X", "w", "dZ", "A", "Y", "m", "b", "S", " ", "(", ")", "^T", ".T", "'", "ᵀ", "@", "*", "⊙", ".*", "/", "+", "-", "1", "2", "np.dot(", "np.sum(", "sum(", ", axis=", "0", "1", ", keepdims=True", ",", "=", "[", "^[1]", "ŷ", "σ(", "exp(", "|");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        const text = parts.join("");
        const r = step.grade(text);
        expect(["correct", "incorrect", "invalid"]).toContain(r.verdict);
        if (r.verdict === "invalid") {
          expect(r.error.start).toBeGreaterThanOrEqual(0);
          expect(r.error.end).toBeLessThanOrEqual(text.length);
          expect(r.error.start).toBeLessThanOrEqual(r.error.end);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
