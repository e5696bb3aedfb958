import type { CallNode, Expr } from "./ast";
/**
 * The one whitelist of functions and constants. Lookup goes through Map only, so names such as
 * "constructor", "__proto__" or "toString" can never reach an object prototype.
 */
export type FunctionSpec = {
  /** Canonical name, used in the AST, the canonical print and form requirements. */
  name: string;
  minArgs: number;
  maxArgs: number;
  latex: string;
  impl: (...xs: number[]) => number;
  /**
   * Where the function is not differentiable or not continuous (relu, abs, step, sign: argument 0;
   * min/max: two arguments equal). Sample points are drawn away from such places in the key, so
   * rounding on either side of a kink cannot flip a verdict (see context.ts, kinkMargin).
   */
  kink?: "zero" | "equal";
};

const sigma = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** log(1 + e^x) without overflow for large x or loss of digits for very negative x. */
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
/** max(0, x); NaN stays NaN. */
const relu = (x: number): number => (x > 0 ? x : x <= 0 ? 0 : NaN);
/** x for x ≥ 0, αx below (α defaults to 0.01, the usual library default). */
const leakyRelu = (x: number, alpha = 0.01): number => (x >= 0 ? x : alpha * x);
/** Unit step: 1 for x > 0, 0 for x < 0, 1/2 at 0 (the half-maximum convention; never sampled). */
const heaviside = (x: number): number => (x > 0 ? 1 : x < 0 ? 0 : x === 0 ? 0.5 : NaN);

const specs: FunctionSpec[] = [
  { name: "sigma", minArgs: 1, maxArgs: 1, latex: "\\sigma", impl: sigma },
  { name: "exp", minArgs: 1, maxArgs: 1, latex: "\\exp", impl: Math.exp },
  { name: "log", minArgs: 1, maxArgs: 1, latex: "\\log", impl: Math.log },
  { name: "log10", minArgs: 1, maxArgs: 1, latex: "\\log_{10}", impl: Math.log10 },
  { name: "log2", minArgs: 1, maxArgs: 1, latex: "\\log_{2}", impl: Math.log2 },
  { name: "sqrt", minArgs: 1, maxArgs: 1, latex: "\\sqrt", impl: Math.sqrt },
  { name: "abs", minArgs: 1, maxArgs: 1, latex: "abs", impl: Math.abs, kink: "zero" },
  { name: "sin", minArgs: 1, maxArgs: 1, latex: "\\sin", impl: Math.sin },
  { name: "cos", minArgs: 1, maxArgs: 1, latex: "\\cos", impl: Math.cos },
  { name: "tan", minArgs: 1, maxArgs: 1, latex: "\\tan", impl: Math.tan },
  { name: "sec", minArgs: 1, maxArgs: 1, latex: "\\sec", impl: (x) => 1 / Math.cos(x) },
  { name: "csc", minArgs: 1, maxArgs: 1, latex: "\\csc", impl: (x) => 1 / Math.sin(x) },
  { name: "cot", minArgs: 1, maxArgs: 1, latex: "\\cot", impl: (x) => 1 / Math.tan(x) },
  { name: "asin", minArgs: 1, maxArgs: 1, latex: "\\arcsin", impl: Math.asin },
  { name: "acos", minArgs: 1, maxArgs: 1, latex: "\\arccos", impl: Math.acos },
  { name: "atan", minArgs: 1, maxArgs: 1, latex: "\\arctan", impl: Math.atan },
  { name: "sinh", minArgs: 1, maxArgs: 1, latex: "\\sinh", impl: Math.sinh },
  { name: "cosh", minArgs: 1, maxArgs: 1, latex: "\\cosh", impl: Math.cosh },
  { name: "tanh", minArgs: 1, maxArgs: 1, latex: "\\tanh", impl: Math.tanh },
  { name: "min", minArgs: 2, maxArgs: 8, latex: "\\min", impl: Math.min, kink: "equal" },
  { name: "max", minArgs: 2, maxArgs: 8, latex: "\\max", impl: Math.max, kink: "equal" },
  // Issue 12 kind 7: functions students of ML courses and UK textbooks type.
  { name: "sech", minArgs: 1, maxArgs: 1, latex: "\\operatorname{sech}", impl: (x) => 1 / Math.cosh(x) },
  { name: "csch", minArgs: 1, maxArgs: 1, latex: "\\operatorname{csch}", impl: (x) => 1 / Math.sinh(x) },
  { name: "coth", minArgs: 1, maxArgs: 1, latex: "\\coth", impl: (x) => 1 / Math.tanh(x) },
  { name: "asinh", minArgs: 1, maxArgs: 1, latex: "\\operatorname{arsinh}", impl: Math.asinh },
  { name: "acosh", minArgs: 1, maxArgs: 1, latex: "\\operatorname{arcosh}", impl: Math.acosh },
  { name: "atanh", minArgs: 1, maxArgs: 1, latex: "\\operatorname{artanh}", impl: Math.atanh },
  { name: "log1p", minArgs: 1, maxArgs: 1, latex: "\\operatorname{log1p}", impl: Math.log1p },
  { name: "expm1", minArgs: 1, maxArgs: 1, latex: "\\operatorname{expm1}", impl: Math.expm1 },
  { name: "relu", minArgs: 1, maxArgs: 1, latex: "\\operatorname{relu}", impl: relu, kink: "zero" },
  { name: "leaky_relu", minArgs: 1, maxArgs: 2, latex: "\\operatorname{leaky\\_relu}", impl: leakyRelu, kink: "zero" },
  { name: "softplus", minArgs: 1, maxArgs: 1, latex: "\\operatorname{softplus}", impl: softplus },
  { name: "heaviside", minArgs: 1, maxArgs: 1, latex: "H", impl: heaviside, kink: "zero" },
  { name: "sign", minArgs: 1, maxArgs: 1, latex: "\\operatorname{sgn}", impl: Math.sign, kink: "zero" },
];

/** Canonical name → spec. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(specs.map((s) => [s.name, s]));

/** Every spelling a student may type → canonical name. */
export const FUNCTION_ALIASES: ReadonlyMap<string, string> = new Map<string, string>([
  ...specs.map((s) => [s.name, s.name] as [string, string]),
  ["σ", "sigma"],
  ["sigmoid", "sigma"],
  ["ln", "log"],
  ["arcsin", "asin"],
  ["arccos", "acos"],
  ["arctan", "atan"],
  ["arsinh", "asinh"],
  ["arcsinh", "asinh"],
  ["arcosh", "acosh"],
  ["arccosh", "acosh"],
  ["artanh", "atanh"],
  ["arctanh", "atanh"],
  ["cosec", "csc"],
  ["cosech", "csch"],
  ["step", "heaviside"],
  ["sgn", "sign"],
  ["leakyrelu", "leaky_relu"],
]);

export type ConstantName = "e" | "pi";
export const CONSTANTS: ReadonlyMap<string, { name: ConstantName; value: number; latex: string }> = new Map([
  ["e", { name: "e" as ConstantName, value: Math.E, latex: "e" }],
  ["pi", { name: "pi" as ConstantName, value: Math.PI, latex: "\\pi" }],
  ["π", { name: "pi" as ConstantName, value: Math.PI, latex: "\\pi" }],
]);

/** Short list for messages: "sigma (σ), exp, log (ln), …". */
export const FUNCTION_LIST_TEXT =
  "sigma (σ, sigmoid), exp, log (ln, natural), log10, log2, log1p, expm1, sqrt, abs, sin, cos, tan, sec, csc (cosec), cot, asin, acos, atan (arcsin, …), sinh, cosh, tanh, sech, csch (cosech), coth, asinh, acosh, atanh (arsinh, arcsinh, …), relu, leaky_relu(z, α), softplus, heaviside (step), sign (sgn), min, max";

/**
 * Calls every non-smooth function call of `e` (spec `kink` above) with its kink kind, innermost
 * first, so scalar and matrix grading build their "near a kink?" tests from one traversal.
 */
export function visitKinks(e: Expr, onKink: (call: CallNode, kind: "zero" | "equal") => void): void {
  const visit = (x: Expr): void => {
    if (x.type === "neg") visit(x.arg);
    else if (x.type === "binary") {
      visit(x.left);
      visit(x.right);
    } else if (x.type === "call") {
      x.args.forEach(visit);
      const kind = FUNCTIONS.get(x.name)?.kink;
      if (kind) onKink(x, kind);
    }
  };
  visit(e);
}
