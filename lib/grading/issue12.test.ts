/**
 * Issue 12: misreadings that students of other systems report, fixed by kind. One table per kind
 * (the input, its family, the right verdict; rows in issue12-cases.ts, also piped through the CLI in
 * cli.test.ts) and, where it fits, a fast-check property over the whole family.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileStep, FUNCTIONS, GRADING_DEFAULTS, parseExpression, validateExercise, type GradeResult, type Variable } from "./index";
import { ISSUE12_CASES, type Issue12Case } from "./issue12-cases";
import { hasPreciseFunction } from "./precise";
import { SEED_VARIABLES } from "./seed-cases";

function grade(c: Pick<Issue12Case, "variables" | "expected" | "answer" | "seed">): GradeResult {
  const step = compileStep({ expected: c.expected }, c.variables, c.seed === undefined ? {} : { seed: c.seed });
  if (!step.ok) throw new Error(`${c.expected}: ${JSON.stringify(step.errors)}`);
  return step.grade(c.answer);
}

function message(r: GradeResult): string {
  return r.verdict === "invalid" ? r.error.message : r.verdict === "error" ? r.message : r.feedback;
}

const KINDS = [
  [1, "a power after a split name binds to the last factor; an exponent takes the first"],
  [2, "the absolute floor is relative to the key's scale"],
  [3, "disagreeing doubles are confirmed with higher precision"],
  [4, "two numbers side by side are invalid"],
  [5, "absolute value bars"],
  [6, "a factor near 1 is printed so it differs from 1"],
  [7, "functions students type"],
  [8, "a decimal point after a name is invalid"],
  [9, "constants inside a run of letters"],
] as const;

for (const [kind, title] of KINDS) {
  describe(`issue 12 kind ${kind}: ${title}`, () => {
    const rows = ISSUE12_CASES.filter((c) => c.kind === kind);
    it.each(rows.map((c) => [c.answer, c.family, c.expected, c.verdict, c] as const))("%j (%s) against %j is %s", (_a, _f, _e, verdict, c) => {
      const r = grade(c);
      expect(r.verdict, JSON.stringify(r)).toBe(verdict);
      if (c.includes !== undefined) expect(message(r)).toContain(c.includes);
      if (c.canonical !== undefined) expect(r.verdict !== "invalid" && r.verdict !== "error" && r.canonical).toBe(c.canonical);
      if (c.span !== undefined) expect(r.verdict === "invalid" && [r.error.start, r.error.end]).toEqual(c.span);
    });
  });
}

const letters = fc.constantFrom("a", "b", "c", "k", "m", "p", "q", "u", "v", "w", "x", "y");
const twoNames = fc.tuple(letters, letters).filter(([u, v]) => u !== v);
const SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";

describe("issue 12 kind 1: properties", () => {
  it("uv^k grades equal to u*v^k (and uv with a superscript k too), for random variables u, v and exponent k", () => {
    fc.assert(
      fc.property(twoNames, fc.integer({ min: -9, max: 9 }), ([u, v], k) => {
        const vars: Variable[] = [{ name: u, range: [0.5, 2] }, { name: v, range: [0.5, 2] }];
        const step = compileStep({ expected: `${u}*${v}^(${k})` }, vars);
        if (!step.ok) throw new Error();
        expect(step.grade(`${u}${v}^${k}`).verdict).toBe("correct");
        const sup = (k < 0 ? "⁻" : "") + String(Math.abs(k)).split("").map((d) => SUP[Number(d)]).join("");
        expect(step.grade(`${u}${v}${sup}`).verdict).toBe("correct");
        if (k !== 1 && k !== 0) expect(step.grade(`(${u}*${v})^${k}`).verdict).toBe("incorrect");
      }),
      { numRuns: 200 },
    );
  });

  it("x^uv reads x^u·v: a number and a split name after '^' agree (e^-2z like e^-yz)", () => {
    fc.assert(
      fc.property(twoNames, fc.integer({ min: 2, max: 9 }), ([u, v], n) => {
        const a = parseExpression(`e^-${u}${v}`, { variables: [u, v] });
        const b = parseExpression(`e^-${n}${v}`, { variables: [u, v] });
        expect(a.ok && a.canonical).toBe(`e^(-${u})*${v}`);
        expect(b.ok && b.canonical).toBe(`e^(-${n})*${v}`);
      }),
    );
  });

  it("the preview shows the textbook reading", () => {
    const r = parseExpression("wx^2", { variables: ["w", "x"] });
    expect(r.ok && r.latex).toBe("w \\cdot x^{2}");
    const s = parseExpression("ylog(a)^2", { variables: ["y", "a"] });
    expect(s.ok && s.latex).toBe("y \\cdot \\log\\left(a\\right)^{2}");
  });
});

describe("issue 12 kind 2: properties and authoring warnings", () => {
  it("a key tiny everywhere is not swamped: 0 and twice the key are incorrect, the key re-spelled is correct", () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 250 }), fc.double({ min: 1, max: 9, noNaN: true }), (p, m) => {
        const c = `${m}e-${p}`;
        const vars: Variable[] = [{ name: "x", range: [1, 2] }];
        const step = compileStep({ expected: `${c}*x` }, vars);
        if (!step.ok) throw new Error();
        expect(step.grade("0").verdict).toBe("incorrect");
        expect(step.grade(`2*${c}*x`).verdict).toBe("incorrect");
        expect(step.grade(`x*${c}`).verdict).toBe("correct");
      }),
      { numRuns: 100 },
    );
  });

  it("(x-a)^6000 is incorrect for (x-a)^5999 at every seed where some value is representable", () => {
    const vars: Variable[] = [{ name: "x", range: [0, 1.1] }, { name: "a", range: [0, 1] }];
    for (let seed = 1; seed <= 30; seed++) {
      const step = compileStep({ expected: "(x-a)^5999" }, vars, { seed });
      if (!step.ok) throw new Error();
      if (step.expectedValues.every((v) => v === 0)) continue; // validate warns (below)
      expect(step.grade("(x-a)^6000").verdict, `seed ${seed}`).toBe("incorrect");
    }
  });

  it("validate warns when the key's values are too small or too large for doubles to tell answers apart", () => {
    const tiny = validateExercise({ variables: [{ name: "x", range: [0, 1.1] }, { name: "a", range: [0, 1] }], steps: [{ expected: "(x-a)^5999" }] });
    expect(tiny.issues).toEqual(expect.arrayContaining([expect.objectContaining({ severity: "warning", message: expect.stringMatching(/cannot reliably tell answers apart|0 at every sample point/) })]));
    const huge = validateExercise({ variables: [{ name: "x", range: [400, 700] }], steps: [{ expected: "exp(x)" }] });
    expect(huge.issues).toEqual([expect.objectContaining({ path: "steps.0.expected", severity: "warning", message: expect.stringContaining("cannot reliably tell answers apart") })]);
    const fine = validateExercise({ variables: [{ name: "p", range: [1e-6, 1e-5] }], steps: [{ expected: "p^2" }] });
    expect(fine.issues).toEqual([]);
  });
});

describe("issue 12 kind 3: limits", () => {
  it("the forms of softplus(z) all grade equal to each other on [−L, L] up to L = 90, and +0.001 is still wrong", () => {
    const FORMS = ["log(1+exp(z))", "z + log(1+exp(-z))", "softplus(z)", "-log(1-a)", "log(1/(1-a))", "z - log(a)", "-log(sigma(-z))"];
    fc.assert(
      fc.property(fc.double({ min: 1, max: 90, noNaN: true }), fc.constantFrom(...FORMS), fc.constantFrom(...FORMS), (L, key, answer) => {
        const vars: Variable[] = [{ name: "z", range: [-L, L] }, { name: "y", range: [0, 1] }, { name: "a", definition: "sigma(z)" }];
        const step = compileStep({ expected: key }, vars);
        if (!step.ok) throw new Error(JSON.stringify(step.errors));
        expect(step.grade(answer).verdict, `${answer} vs ${key} on ±${L}`).toBe("correct");
        expect(step.grade(`${answer} + 0.001`).verdict).toBe("incorrect");
      }),
      { numRuns: 60 },
    );
  });

  it("validate says where doubles need the confirmation and where 60 digits are not enough", () => {
    const sig = (lo: number, hi: number): Variable[] => [{ name: "z", range: [lo, hi] }, { name: "y", range: [0, 1] }, { name: "a", definition: "sigma(z)" }];
    expect(validateExercise({ variables: sig(-4, 4), steps: [{ expected: "a - y" }] }).issues).toEqual([]);
    const edge = validateExercise({ variables: sig(-40, 40), steps: [{ expected: "log(1+exp(z)) - y*z" }] });
    expect(edge.issues).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringContaining(`confirmed there with ${GRADING_DEFAULTS.precisionDigits}-digit arithmetic`) })]);
    const beyond = validateExercise({ variables: sig(-300, 300), steps: [{ expected: "log(1+exp(z)) - y*z" }] });
    expect(beyond.issues).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringContaining("cannot resolve") })]);
  });

  it("points where the key is undefined in doubles only are kept; genuinely undefined ones are redrawn", () => {
    const vars: Variable[] = [{ name: "z", range: [-40, 40] }, { name: "y", range: [0, 1] }, { name: "a", definition: "sigma(z)" }];
    const step = compileStep({ expected: "log(1-a)" }, vars);
    if (!step.ok) throw new Error();
    expect(step.points.some((p) => (p[0] as number) > 37.5)).toBe(true); // 1 − σ(z) = 0 in doubles there
    expect(step.precisePoints.length).toBeGreaterThan(0);
    expect(step.grade("-log(1 + exp(z))").verdict).toBe("correct");
    expect(step.grade("log(1-a)").verdict).toBe("correct");
    const undef = compileStep({ expected: "sqrt(x)" }, [{ name: "x", range: [-1, 1] }]);
    expect(undef.ok && undef.rejected.length).toBeGreaterThan(0);
  });

  it("a known mistake that is log(0) in doubles at the edge still gets its feedback", () => {
    const vars: Variable[] = [{ name: "z", range: [-40, 40] }, { name: "y", range: [0, 1] }, { name: "a", definition: "sigma(z)" }];
    const step = { expected: "log(1+exp(z)) - y*z", mistakes: [{ expression: "y*log(a) + (1-y)*log(1-a)", feedback: "sign" }] };
    const report = validateExercise({ variables: vars, steps: [step] });
    expect(report.issues.filter((i) => i.severity === "error")).toEqual([]);
    const compiled = compileStep(step, vars);
    if (!compiled.ok) throw new Error();
    expect(compiled.grade("y log(a) + (1-y) log(1-a)")).toMatchObject({ verdict: "incorrect", diagnosis: "known-mistake", feedback: "sign" });
  });

  it("an incorrect answer is decided without decimal.js when the rounding bound rules out rounding (fast)", () => {
    const step = compileStep({ expected: "a - y" }, SEED_VARIABLES);
    if (!step.ok) throw new Error();
    step.grade("y - a");
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) step.grade("a - y^2");
    expect((performance.now() - t0) / 1000).toBeLessThan(0.2); // ms per grade; decimal.js exp alone is ~0.3 ms
  });
});

describe("issue 12 kind 5: bars in the preview", () => {
  it.each([
    ["|a - y|", "\\left|a - y\\right|", "abs(a - y)"],
    ["||a||", "\\left|\\left|a\\right|\\right|", "abs(abs(a))"],
    ["2|z - 1|^2", "2\\left|z - 1\\right|^{2}", "2*abs(z - 1)^2"],
    ["|-a|", "\\left|-a\\right|", "abs(-a)"],
  ])("%j → %s", (text, latex, canonical) => {
    const r = parseExpression(text, { variables: ["z", "y", "a"] });
    expect(r.ok && [r.latex, r.canonical]).toEqual([latex, canonical]);
  });

  it("|t| grades equal to abs(t)", () => {
    const step = compileStep({ expected: "abs(a - y) + abs(z*a)" }, SEED_VARIABLES);
    if (!step.ok) throw new Error();
    fc.assert(
      fc.property(fc.constantFrom("a - y", "y - a", "-(a - y)", "a-y"), fc.constantFrom("z*a", "a z", "-za", "(z)(a)"), (s, t) => {
        expect(step.grade(`|${s}| + |${t}|`).verdict).toBe("correct");
      }),
    );
  });
});

describe("issue 12 kind 4: properties", () => {
  it("two numbers separated by spaces are invalid, located over both", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{0,3}$/), fc.stringMatching(/^[0-9]{1,3}(\.[0-9])?$/), fc.constantFrom(" ", "  ", "\u00a0", "\u2009"), (a, b, sp) => {
        const text = `${a}${sp}${b}`;
        const r = parseExpression(`${text}(a - y)`, { variables: ["a", "y"] });
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect([r.error.start, r.error.end]).toEqual([0, text.length]);
        expect(r.error.message).toContain("two numbers next to each other");
      }),
    );
  });
});

describe("issue 12 kind 6: properties", () => {
  it("a constant factor near 1 is never printed as 1", () => {
    fc.assert(
      fc.property(fc.double({ min: 2e-6, max: 5e-3, noNaN: true }), fc.boolean(), (d, up) => {
        const f = up ? 1 + d : 1 - d;
        const step = compileStep({ expected: "a - y" }, SEED_VARIABLES);
        if (!step.ok) throw new Error();
        const r = step.grade(`${f}*(a - y)`);
        expect(r.verdict).toBe("incorrect");
        if (r.verdict !== "incorrect") return;
        expect(r.diagnosis).toBe("constant-factor");
        const shown = /about (-?[0-9.e+-]+) times/.exec(r.feedback)?.[1];
        expect(shown).toBeDefined();
        expect(Number(shown)).not.toBe(1);
        expect(r.feedback).toContain("rounded constant");
      }),
      { numRuns: 100 },
    );
  });
});

describe("issue 12 kind 7: whitelist", () => {
  it("every function has a high-precision implementation", () => {
    for (const name of FUNCTIONS.keys()) expect(hasPreciseFunction(name), name).toBe(true);
  });

  it("points are drawn away from the kinks of the key", () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.constantFrom("relu", "heaviside", "sign", "abs"), (c, f) => {
        const step = compileStep({ expected: `${f}(z - ${c})` }, SEED_VARIABLES, { points: 200 });
        if (!step.ok) throw new Error();
        for (const p of step.points) {
          const z = p[0] as number;
          expect(Math.abs(z - c)).toBeGreaterThan(GRADING_DEFAULTS.kinkMargin * (Math.abs(z) + Math.abs(c)));
        }
      }),
      { numRuns: 50 },
    );
  });

  it("sech(z)^2 for tanh' is understood, and unknown functions still list the new ones", () => {
    expect(parseExpression("sech(z)^2", { variables: ["z"] }).ok).toBe(true);
    const r = parseExpression("frob(z)", { variables: ["z"] });
    expect(!r.ok && r.error.message).toContain("relu");
  });
});

describe("issue 12 kind 8: stray points", () => {
  it("name.digits is invalid, located at the point and the digits, for any name and digits", () => {
    fc.assert(
      fc.property(fc.constantFrom("x", "y", "a", "w1", "rate"), fc.stringMatching(/^[0-9]{1,4}$/), (v, d) => {
        const r = parseExpression(`2 + ${v}.${d}`, { variables: ["x", "y", "a", "w1", "rate"] });
        expect(!r.ok && [r.error.start, r.error.end]).toEqual([4 + v.length, 5 + v.length + d.length]);
      }),
    );
  });

  it.each([
    ["x.1", 1, 3],
    ["x.25 + 1", 1, 4],
    ["x².5", 2, 4],
    ["(x)(x).5", 6, 8],
  ])("%j is invalid at [%i, %i)", (text, start, end) => {
    const r = parseExpression(text, { variables: ["x"] });
    expect(!r.ok && [r.error.start, r.error.end]).toEqual([start, end]);
  });
  it("a point before a letter stays refused by the generic rule (room for a later .T)", () => {
    const r = parseExpression("x.T", { variables: ["x", "T"] });
    expect(!r.ok && [r.error.start, r.error.end]).toEqual([1, 2]);
  });
  it("numbers with points are unchanged", () => {
    for (const [t, c] of [["0.5x", "0.5*x"], [".5x", "0.5*x"], ["x*.5", "x*0.5"], ["x + 1.25", "x + 1.25"]]) {
      const r = parseExpression(t as string, { variables: ["x"] });
      expect(r.ok && r.canonical).toBe(c);
    }
  });
});

describe("issue 12 kind 9: splits with constants", () => {
  it("2pi·v and v·e^v split out the constants for any one-letter variable v", () => {
    fc.assert(
      fc.property(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz".split("")), (v) => {
        const vars: Variable[] = [{ name: v, range: [0.5, 2] }];
        const s1 = compileStep({ expected: `2*pi*${v}` }, vars);
        const s2 = compileStep({ expected: `${v}*exp(${v})` }, vars);
        if (!s1.ok || !s2.ok) throw new Error();
        expect(s1.grade(`2pi${v}`).verdict).toBe("correct");
        if (v !== "e") expect(s2.grade(`${v}e^${v}`).verdict).toBe("correct");
      }),
    );
  });

  it("preview shows the split", () => {
    const r = parseExpression("2pir", { variables: ["r"] });
    expect(r.ok && r.latex).toBe("2\\pi \\cdot r");
    const s = parseExpression("xe^x", { variables: ["x"] });
    expect(s.ok && s.latex).toBe("x \\cdot e^{x}");
  });
  it("a run that splits two ways with constants is refused with a '*' hint", () => {
    const r = parseExpression("pie", { variables: ["p", "i"] });
    expect(!r.ok && r.error.message).toMatch(/more than one way.*write \*/);
  });
  it("a variable split wins over one with constants, and a declared name over any split", () => {
    expect(parseExpression("pi", { variables: ["p", "i"] }).ok && parseExpression("pi", { variables: ["p", "i"] })).toMatchObject({ canonical: "pi" });
    expect(parseExpression("er", { variables: ["e", "r"] })).toMatchObject({ ok: true, canonical: "e*r" });
    const v = parseExpression("er", { variables: ["e", "r"] });
    expect(v.ok && v.expr.type === "binary" && v.expr.left.type).toBe("variable");
  });
});
