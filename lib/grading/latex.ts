/** KaTeX-ready LaTeX of the parsed tree: shows the interpretation (a/2b → \frac{a}{2 b}). */
import type { Expr } from "./ast";
import { CONSTANTS, FUNCTIONS } from "./functions";
import { precedence } from "./print";

const GREEK = new Set([
  "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
  "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
  "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega",
]);

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function latexName(name: string): string {
  // Fast path: a single ASCII letter (most variables), same result as the /^[A-Za-z]$/ case below.
  if (name.length === 1 && isAsciiLetter(name.charCodeAt(0))) return name;
  const us = name.indexOf("_");
  if (us > 0 && us < name.length - 1) return `${latexName(name.slice(0, us))}_{${latexName(name.slice(us + 1))}}`;
  if (/^[A-Za-z]$/.test(name) || /^[0-9]+$/.test(name)) return name;
  if (/^[A-Za-z][0-9]+$/.test(name)) return `${name[0]}_{${name.slice(1)}}`;
  if (GREEK.has(name)) return `\\${name}`;
  return `\\mathit{${name.replace(/_/g, "\\_")}}`;
}

function latexNumber(v: number): string {
  const s = String(v);
  const i = s.indexOf("e");
  if (i < 0) return s;
  const exp = s.slice(i + 1).replace(/^\+/, "");
  return `${s.slice(0, i)} \\cdot 10^{${exp}}`;
}

function paren(s: string, yes: boolean): string {
  return yes ? `\\left(${s}\\right)` : s;
}

/** Does the LaTeX of e start with a digit (so "2" next to it needs a \cdot)? */
function startsWithDigit(e: Expr): boolean {
  switch (e.type) {
    case "number":
      return true;
    case "binary":
      return e.op !== "/" && startsWithDigit(e.left);
    default:
      return false;
  }
}

/**
 * LaTeX of a parsed tree. `names` (matrix exercises) maps variable names to their display LaTeX
 * (W1 → W^{[1]}). Matrix nodes (issue 15): the matrix product is shown as juxtaposition with a thin
 * space (`X\,(A-Y)^{\mathsf T}`), an element-wise product of non-scalars as ⊙, so the preview shows
 * which product was read.
 */
export function toLatex(e: Expr, names?: ReadonlyMap<string, string>): string {
  switch (e.type) {
    case "number":
      return latexNumber(e.value);
    case "variable":
      return (names !== undefined ? names.get(e.name) : undefined) ?? latexName(e.name);
    case "constant":
      return CONSTANTS.get(e.name)?.latex ?? e.name;
    case "neg":
      return "-" + paren(toLatex(e.arg, names), precedence(e.arg) <= 1 || e.arg.type === "neg");
    case "call": {
      const args = e.args.map((a) => toLatex(a, names));
      if (e.name === "transpose") return `{${paren(args[0] ?? "", precedence(e.args[0] as Expr) < 5)}}^{\\mathsf T}`;
      if (e.name === "sum" || e.name === "mean" || e.name === "npsum" || e.name === "npmean") {
        const numpy = e.name.startsWith("np");
        const head = `\\operatorname{${numpy ? "np." : ""}${numpy ? e.name.slice(2) : e.name}}`;
        const axis = e.args[1]?.type === "number" ? `_{\\text{axis}=${e.args[1].value}}` : "";
        return `${head}${axis}\\left(${args[0] ?? ""}\\right)`;
      }
      if (e.name === "softmax") return `\\operatorname{softmax}\\left(${args.join(", ")}\\right)`;
      if (e.name === "sqrt") return `\\sqrt{${args.join(", ")}}`;
      if (e.name === "abs") return `\\left|${args.join(", ")}\\right|`;
      const head = FUNCTIONS.get(e.name)?.latex ?? `\\operatorname{${e.name}}`;
      return `${head}\\left(${args.join(", ")}\\right)`;
    }
    case "binary": {
      const pl = precedence(e.left);
      const pr = precedence(e.right);
      const rightNeg = e.right.type === "neg";
      switch (e.op) {
        case "+":
        case "-":
          return `${toLatex(e.left, names)} ${e.op} ${paren(toLatex(e.right, names), pr <= 1 || rightNeg)}`;
        case "/":
          return `\\frac{${toLatex(e.left, names)}}{${toLatex(e.right, names)}}`;
        case "@":
          return `${paren(toLatex(e.left, names), pl <= 1)}\\,${paren(toLatex(e.right, names), pr <= 1 || rightNeg)}`;
        case "*": {
          if (e.hadamard === true) return `${paren(toLatex(e.left, names), pl <= 1)} \\odot ${paren(toLatex(e.right, names), pr <= 1 || rightNeg)}`;
          const l = paren(toLatex(e.left, names), pl <= 1);
          const r = paren(toLatex(e.right, names), pr <= 1 || rightNeg);
          const juxtapose = e.left.type === "number" && !startsWithDigit(e.right) && !rightNeg;
          return juxtapose ? `${l}${isAsciiLetter(r.charCodeAt(0)) ? " " : ""}${r}` : `${l} \\cdot ${r}`;
        }
        case "^": {
          const base = paren(toLatex(e.left, names), pl <= 4 || (e.left.type === "call" && e.left.name === "sqrt"));
          // A display name with its own superscript (A1 → A^{[1]}) is braced: A^{[1]}^{2} is a KaTeX error.
          const braced = e.left.type === "variable" && base.includes("^") ? `{${base}}` : base;
          return `${braced}^{${toLatex(e.right, names)}}`;
        }
      }
    }
  }
}
