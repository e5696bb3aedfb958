import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileStep, gradeAnswer, parseExpression, sameTree } from "./index";
import { SEED_STEPS, SEED_VARIABLES } from "./seed-cases";

const NAMES = ["z", "y", "a"];

/** Expression text in the notations students use (implicit products, unicode, optional parentheses). */
const exprText = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("z", "y", "a", "e", "pi", "π", "σ(z)", "2", "3", "0.5", "1.5", "1e-1", "7"),
    fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "^", " − ", " × ", "·"), tie("e")).map(([l, o, r]) => `(${l})${o}(${r})`),
    fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/"), tie("e")).map(([l, o, r]) => `${l} ${o} ${r}`),
    fc.tuple(tie("e"), tie("e")).map(([l, r]) => `(${l})(${r})`),
    fc.tuple(fc.constantFrom("2", "3"), fc.constantFrom("a", "y", "z", "σ(z)", "(a - y)")).map(([n, x]) => `${n}${x}`),
    fc.tuple(fc.constantFrom("sigma", "exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "ln", "sigmoid"), tie("e")).map(([f, x]) => `${f}(${x})`),
    fc.tuple(fc.constantFrom("min", "max"), tie("e"), tie("e")).map(([f, x, y]) => `${f}(${x}, ${y})`),
    tie("e").map((x) => `-(${x})`),
    tie("e").map((x) => `(${x})²`),
  ),
})).e;

describe("properties", () => {
  it("canonical print re-parses to the same tree and is a fixed point", () => {
    fc.assert(
      fc.property(exprText, (text) => {
        const r = parseExpression(text, { variables: NAMES });
        fc.pre(r.ok);
        if (!r.ok) return;
        const again = parseExpression(r.canonical, { variables: NAMES });
        expect(again.ok, r.canonical).toBe(true);
        if (!again.ok) return;
        expect(sameTree(r.expr, again.expr)).toBe(true);
        expect(again.canonical).toBe(r.canonical);
        expect(again.latex).toBe(r.latex);
      }),
      { numRuns: 500 },
    );
  });

  it("any expression grades correct against itself printed and re-parsed", () => {
    fc.assert(
      fc.property(exprText, (text) => {
        const p = parseExpression(text, { variables: NAMES });
        fc.pre(p.ok);
        if (!p.ok) return;
        const step = compileStep({ expected: text }, SEED_VARIABLES);
        fc.pre(step.ok); // keys undefined almost everywhere are authoring errors
        if (!step.ok) return;
        const r = step.grade(p.canonical);
        expect(r.verdict, `${text} vs ${p.canonical}: ${JSON.stringify(r)}`).toBe("correct");
      }),
      { numRuns: 400 },
    );
  });

  it("adding a small non-zero perturbation grades incorrect", () => {
    fc.assert(
      fc.property(exprText, fc.constantFrom("0.001234567", "0.0031415", "(-0.002718)"), (text, eps) => {
        const p = parseExpression(text, { variables: NAMES });
        fc.pre(p.ok && p.canonical.length < 400);
        if (!p.ok) return;
        const step = compileStep({ expected: text }, SEED_VARIABLES);
        fc.pre(step.ok);
        if (!step.ok) return;
        // Δ = eps·(1 + |x|) exceeds the combined tolerance everywhere and has no fixed point.
        const r = step.grade(`${p.canonical} + ${eps}*(1 + abs(${p.canonical}))`);
        expect(r.verdict, `${p.canonical}: ${JSON.stringify(r)}`).toBe("incorrect");
      }),
      { numRuns: 400 },
    );
  });

  const alphabet = fc.constantFrom(..."azy()+-*/^., 0123456789eσπ²−×·÷;=[]{}'\"`_\\|!&$#@%~?:<>\u00a0\u2009abcxyzsigmaexplogsqrt".split(""));
  const mathy = fc.string({ unit: alphabet, maxLength: 80 });
  const anything = fc.oneof(mathy, fc.string({ unit: "binary", maxLength: 80 }), fc.string({ unit: alphabet, minLength: 400, maxLength: 700 }));

  it("random strings never throw and always get a verdict in bounded time", () => {
    gradeAnswer("a", SEED_STEPS[2]!, SEED_VARIABLES); // compile once
    fc.assert(
      fc.property(anything, (text) => {
        const t0 = performance.now();
        const p = parseExpression(text, { variables: NAMES });
        const r = gradeAnswer(text, SEED_STEPS[2]!, SEED_VARIABLES);
        const ms = performance.now() - t0;
        expect(ms).toBeLessThan(50); // generous: CI machines are shared; typical is ~0.01 ms
        expect(["correct", "incorrect", "invalid"]).toContain(r.verdict);
        expect(p.ok).toBe(r.verdict !== "invalid");
        if (r.verdict === "invalid") {
          expect(r.error.start).toBeGreaterThanOrEqual(0);
          expect(r.error.end).toBeLessThanOrEqual(text.length);
          expect(r.error.start).toBeLessThanOrEqual(r.error.end);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
