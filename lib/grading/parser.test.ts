import { describe, expect, it } from "vitest";
import { GRADING_DEFAULTS, parseExpression, sameTree } from "./index";

const vars = { variables: ["z", "y", "a"] };
const parse = (t: string, o = vars) => parseExpression(t, o);
const canon = (t: string): string => {
  const r = parse(t);
  if (!r.ok) throw new Error(`${t}: ${r.error.message}`);
  return r.canonical;
};
const err = (t: string, o = vars) => {
  const r = parse(t, o);
  if (r.ok) throw new Error(`${t} parsed as ${r.canonical}`);
  return r.error;
};

describe("interpretation (canonical print)", () => {
  it.each([
    ["a(1-a)", "a*(1 - a)"],
    ["(1-a)a", "(1 - a)*a"],
    ["(a)(y)", "a*y"],
    ["2a", "2*a"],
    ["2σ(z)", "2*sigma(z)"],
    ["ay", "a*y"],
    ["yaz", "y*a*z"],
    ["ylog(a)", "y*log(a)"],
    ["-a^2", "-a^2"],
    ["(-a)^2", "(-a)^2"],
    ["2^-1", "2^(-1)"],
    ["a^y^z", "a^y^z"],
    ["(a^y)^z", "(a^y)^z"],
    ["a/2y", "a/(2*y)"],
    ["a/2*y", "a/2*y"],
    ["(a-y)/a(1-a)", "(a - y)/(a*(1 - a))"],
    ["a - (y - z)", "a - (y - z)"],
    ["a - y - z", "a - y - z"],
    ["a/(y/z)", "a/(y/z)"],
    ["1e-3", "0.001"],
    ["2e", "2*e"],
    ["2 e - 3", "2*e - 3"],
    ["e^-z", "e^(-z)"],
    ["pi", "pi"],
    ["π a", "pi*a"],
    ["σ(z)", "sigma(z)"],
    ["sigmoid(z)", "sigma(z)"],
    ["ln(a)", "log(a)"],
    ["log10(a) + log2(a)", "log10(a) + log2(a)"],
    ["arctan(z)", "atan(z)"],
    ["a²", "a^2"],
    ["a³", "a^3"],
    ["a⁻¹", "a^(-1)"],
    ["a**2", "a^2"],
    ["a − y", "a - y"],
    ["a × y", "a*y"],
    ["a · y", "a*y"],
    ["a ÷ y", "a/y"],
    ["a\u00a0-\u00a0y", "a - y"],
    ["--a", "-(-a)"],
    ["+a", "a"],
    ["a*-y", "a*(-y)"],
    ["max(a, y, z)", "max(a, y, z)"],
    ["-(a*y)", "-(a*y)"],
    ["-a*y", "-a*y"],
    [".5a", "0.5*a"],
  ])("%j reads as %j", (input, expected) => {
    expect(canon(input)).toBe(expected);
  });

  it("canonical re-parses to the same tree", () => {
    for (const t of ["a(1-a)", "-y/a + (1-y)/(1-a)", "e^-z/(1+e^-z)^2", "2^-a^2", "-(a - y)^-2", "a/2y", "a*-y", "1e21*a", "a^(y^z)", "--a"]) {
      const r = parse(t);
      if (!r.ok) throw new Error(t);
      const again = parse(r.canonical);
      if (!again.ok) throw new Error(r.canonical);
      expect(sameTree(r.expr, again.expr), `${t} -> ${r.canonical}`).toBe(true);
      expect(again.canonical).toBe(r.canonical);
    }
  });

  it("a declared variable named e or pi shadows the constant", () => {
    const r = parseExpression("e + pi", { variables: ["e", "pi"] });
    expect(r.ok && r.expr.type === "binary" && r.expr.left.type).toBe("variable");
    const c = parseExpression("e", { variables: ["z"] });
    expect(c.ok && c.expr.type).toBe("constant");
  });

  it("a multi-letter variable wins over splitting", () => {
    const r = parseExpression("ay", { variables: ["a", "y", "ay"] });
    expect(r.ok && r.expr.type).toBe("variable");
  });

  it("nodes carry offsets into the original text", () => {
    const r = parse("σ(z) − y");
    if (!r.ok) throw new Error();
    expect(r.expr).toMatchObject({ type: "binary", op: "-", start: 0, end: 8 });
    if (r.expr.type !== "binary") throw new Error();
    expect(r.expr.left).toMatchObject({ type: "call", name: "sigma", start: 0, end: 4 });
    expect(r.expr.right).toMatchObject({ type: "variable", start: 7, end: 8 });
  });
});

describe("located errors", () => {
  it.each([
    ["a -* y", 3, 4, "after '-' I expected a number, variable or '(' but found '*'"],
    ["w + a", 0, 1, "unknown variable w: you can use a, y, z"],
    ["a + foo(z)", 4, 7, "unknown function foo"],
    ["sigma(z, y)", 0, 11, "sigma takes 1 argument but got 2"],
    ["max(a)", 0, 6, "max takes 2 to 8 arguments"],
    ["a(1-a", 1, 2, "never closed"],
    ["a - y)", 5, 6, "no matching '('"],
    ["a; y", 1, 2, "';' is not allowed"],
    ["a = y", 2, 3, "'=' is not allowed"],
    ["[a, y]", 0, 1, "square brackets"],
    ["{a}", 0, 1, "curly braces"],
    ["import('fs')", 7, 8, "quotes"],
    ["process.exit()", 7, 8, ""],
    ["__proto__", 0, 1, "'_'"],
    ["constructor", 0, 11, "unknown variable constructor"],
    ["toString()", 0, 8, "unknown function toString"],
    ["a - y +", 6, 7, "the input ends there"],
    ["()", 0, 2, "empty parentheses"],
    ["sin a", 0, 3, "needs parentheses"],
    ["1.2.3", 0, 4, "only one decimal point"],
    ["a & y", 2, 3, "'&' is not allowed"],
    ["a − * y", 4, 5, "found '*'"],
    ["a 😀", 2, 4, "not allowed"],
    ["1e999", 0, 5, "too large"],
  ] as const)("%j → [%i, %i) %s", (input, start, end, message) => {
    const e = err(input);
    expect(e.message).toContain(message);
    expect([e.start, e.end]).toEqual([start, end]);
  });

  it("offsets point into the original text even after unicode characters", () => {
    const e = err("σ(z) − σ(z) × w");
    expect(e.start).toBe(14);
    expect("σ(z) − σ(z) × w".slice(e.start, e.end)).toBe("w");
  });

  it("the exact message from the issue", () => {
    expect(err("a -* y").message).toBe("after '-' I expected a number, variable or '(' but found '*' (at character 4)");
  });

  it("names outside the step's allowed variables get a located 'not in this step' message", () => {
    const e = err("σ(z) - y", { variables: ["a", "y"], declared: ["z", "y", "a"] } as never);
    expect(e.message).toBe("z can't be used in this step: you can use a, y and the constants e, pi");
    expect([e.start, e.end]).toEqual([2, 3]);
  });

  it("empty input", () => {
    expect(err("").message).toBe("type an expression");
    expect(err(" \u00a0 ").message).toBe("type an expression");
  });
});

describe("limits", () => {
  const time = (f: () => void): number => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };

  it("rejects input longer than maxInputLength quickly", () => {
    const long = "a+".repeat(100_000) + "a";
    let e: ReturnType<typeof err> | undefined;
    expect(time(() => (e = err(long)))).toBeLessThan(10);
    expect(e?.message).toContain(`limit is ${GRADING_DEFAULTS.maxInputLength}`);
    expect(e?.start).toBe(GRADING_DEFAULTS.maxInputLength);
  });

  it.each([
    ["parentheses", "(".repeat(240) + "a" + ")".repeat(240)],
    ["unary minus", "-".repeat(480) + "a"],
    ["powers", "a^".repeat(240) + "a"],
    ["calls", "exp(".repeat(90) + "a" + ")".repeat(90)],
    ["mixed", "-(".repeat(160) + "a" + ")".repeat(160)],
    ["unclosed", "(".repeat(499)],
  ])("rejects nesting deeper than maxDepth (%s) in well under 10 ms", (_name, text) => {
    expect(text.length).toBeLessThanOrEqual(GRADING_DEFAULTS.maxInputLength);
    parse("a");
    let e: ReturnType<typeof err> | undefined;
    const ms = time(() => (e = err(text)));
    expect(ms).toBeLessThan(10);
    expect(e?.message).toContain("nested too deeply");
  });

  it("accepts nesting up to the limit and long flat sums", () => {
    const d = GRADING_DEFAULTS.maxDepth - 1;
    expect(parse("(".repeat(d) + "a" + ")".repeat(d)).ok).toBe(true);
    const flat = "a+".repeat(249) + "a";
    const ms = time(() => expect(parse(flat).ok).toBe(true));
    expect(ms).toBeLessThan(10);
  });

  it("a maximal split identifier is handled quickly", () => {
    const ms = time(() => parse("ay".repeat(250)));
    expect(ms).toBeLessThan(10);
  });
});

describe("latex", () => {
  it.each([
    ["a(1-a)", "a \\cdot \\left(1 - a\\right)"],
    ["(a-y)/(a(1-a))", "\\frac{a - y}{a \\cdot \\left(1 - a\\right)}"],
    ["a/2y", "\\frac{a}{2 y}"],
    ["σ(z)^2", "\\sigma\\left(z\\right)^{2}"],
    ["e^(-z)", "e^{-z}"],
    ["exp(-z)", "\\exp\\left(-z\\right)"],
    ["log(a)", "\\log\\left(a\\right)"],
    ["log10(a)", "\\log_{10}\\left(a\\right)"],
    ["sqrt(a)", "\\sqrt{a}"],
    ["abs(a - y)", "\\left|a - y\\right|"],
    ["-a^2", "-a^{2}"],
    ["(-a)^2", "\\left(-a\\right)^{2}"],
    ["pi*a", "\\pi \\cdot a"],
    ["1e-7", "1 \\cdot 10^{-7}"],
    ["2*3", "2 \\cdot 3"],
    ["-(a - y)", "-\\left(a - y\\right)"],
    ["a - (y - z)", "a - \\left(y - z\\right)"],
    ["(a/y)^2", "\\left(\\frac{a}{y}\\right)^{2}"],
    ["min(a, y)", "\\min\\left(a, y\\right)"],
  ])("%j → %s", (input, latex) => {
    const r = parse(input);
    expect(r.ok && r.latex).toBe(latex);
  });

  it("multi-letter and greek variable names", () => {
    const r = parseExpression("alpha + x1 + rate + w_1", { variables: ["alpha", "x1", "rate", "w_1"] });
    expect(r.ok && r.latex).toBe("\\alpha + x_{1} + \\mathit{rate} + w_{1}");
  });
});

describe("hostile input is never executed", () => {
  it.each(["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "prototype", "import('fs')", "process.exit()", "require('child_process')", "globalThis", "this", "Function('return 1')()", "a; y", "a = y", "[a, y]", "{a}", "`${a}`", "eval('1')", "new Date()", "x => x", "a?.b", "a.constructor"])(
    "%j is invalid",
    (t) => {
      expect(parse(t).ok).toBe(false);
    },
  );
});
