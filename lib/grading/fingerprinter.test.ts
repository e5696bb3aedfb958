import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createFingerprinter, fingerprint, parseExpression } from "./index";
import { SEED_CASES, SEED_VARIABLES } from "./seed-cases";

const V = SEED_VARIABLES;

/** Same values bit for bit (Object.is: -0 ≠ 0, NaN = NaN), or both null. */
function expectSame(a: number[] | null, b: number[] | null, label: string) {
  if (a === null || b === null) {
    expect(a, label).toBe(b);
    return;
  }
  expect(a.length, label).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Object.is(a[i], b[i]), `${label} [${i}]: ${a[i]} vs ${b[i]}`).toBe(true);
}

const exprText = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("z", "y", "a", "e", "pi", "σ(z)", "2", "0", "0.5", "1e-1", "7", "1e308"),
    fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "^"), tie("e")).map(([l, o, r]) => `(${l})${o}(${r})`),
    fc.tuple(tie("e"), tie("e")).map(([l, r]) => `(${l})(${r})`),
    tie("e").map((x) => `(${x})^2`),
    tie("e").map((x) => `-(${x})`),
    fc.tuple(fc.constantFrom("exp", "log", "sqrt", "abs", "tanh", "sigma", "asin"), tie("e")).map(([f, x]) => `${f}(${x})`),
    fc.tuple(fc.constantFrom("min", "max"), tie("e"), tie("e"), tie("e")).map(([f, x, y, w]) => `${f}(${x}, ${y}, ${w})`),
  ),
})).e;

describe("createFingerprinter", () => {
  const fp = createFingerprinter(V);
  if (fp === null) throw new Error("seed variables rejected");

  it("gives fingerprint()'s values for every seed-case answer, valid or not", () => {
    for (const c of SEED_CASES) expectSame(fp(c.answer), fingerprint(c.answer, V), c.answer);
  });

  it("gives fingerprint()'s values bit for bit for random expressions (incl. NaN, ±∞, -0)", () => {
    fc.assert(
      fc.property(exprText, (text) => expectSame(fp(text), fingerprint(text, V), text)),
      { numRuns: 1000 },
    );
  });

  it("accepts parsed trees, rejecting variables not declared", () => {
    const p = parseExpression("a - y", { variables: ["z", "y", "a"] });
    const q = parseExpression("w + a", { variables: ["w", "a"] });
    if (!p.ok || !q.ok) throw new Error();
    expectSame(fp(p.expr), fingerprint("a - y", V), "tree");
    expect(fp(q.expr)).toBeNull();
    expect(fingerprint(q.expr, V)).toBeNull();
  });

  it("honours the seed and point count options", () => {
    for (const options of [{ seed: 1 }, { seed: 2, points: 7 }]) {
      const f = createFingerprinter(V, options);
      if (f === null) throw new Error();
      expectSame(f("a(1-a) + y/z"), fingerprint("a(1-a) + y/z", V, options), JSON.stringify(options));
    }
    expect(createFingerprinter(V, { points: 7 })?.("a")).toHaveLength(7);
  });

  it("returns fresh arrays (a result is not overwritten by the next answer)", () => {
    const first = fp("a");
    const copy = first === null ? null : [...first];
    fp("y");
    expect(first).toEqual(copy);
  });

  it("is null when the variables are invalid, like fingerprint()", () => {
    const bad = [{ name: "a", definition: "b" }, { name: "b", definition: "a" }];
    expect(createFingerprinter(bad)).toBeNull();
    expect(fingerprint("a", bad)).toBeNull();
  });
});
