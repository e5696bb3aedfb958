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
};

const sigma = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

const specs: FunctionSpec[] = [
  { name: "sigma", minArgs: 1, maxArgs: 1, latex: "\\sigma", impl: sigma },
  { name: "exp", minArgs: 1, maxArgs: 1, latex: "\\exp", impl: Math.exp },
  { name: "log", minArgs: 1, maxArgs: 1, latex: "\\log", impl: Math.log },
  { name: "log10", minArgs: 1, maxArgs: 1, latex: "\\log_{10}", impl: Math.log10 },
  { name: "log2", minArgs: 1, maxArgs: 1, latex: "\\log_{2}", impl: Math.log2 },
  { name: "sqrt", minArgs: 1, maxArgs: 1, latex: "\\sqrt", impl: Math.sqrt },
  { name: "abs", minArgs: 1, maxArgs: 1, latex: "abs", impl: Math.abs },
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
  { name: "min", minArgs: 2, maxArgs: 8, latex: "\\min", impl: Math.min },
  { name: "max", minArgs: 2, maxArgs: 8, latex: "\\max", impl: Math.max },
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
]);

export type ConstantName = "e" | "pi";
export const CONSTANTS: ReadonlyMap<string, { name: ConstantName; value: number; latex: string }> = new Map([
  ["e", { name: "e" as ConstantName, value: Math.E, latex: "e" }],
  ["pi", { name: "pi" as ConstantName, value: Math.PI, latex: "\\pi" }],
  ["π", { name: "pi" as ConstantName, value: Math.PI, latex: "\\pi" }],
]);

/** Short list for messages: "sigma (σ), exp, log (ln), …". */
export const FUNCTION_LIST_TEXT =
  "sigma (σ, sigmoid), exp, log (ln, natural), log10, log2, sqrt, abs, sin, cos, tan, sec, csc, cot, asin, acos, atan, sinh, cosh, tanh, min, max";
