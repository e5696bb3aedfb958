/**
 * Canonical plain-text print: deterministic, explicit "*", minimal parentheses (plus a few for
 * readability that do not change the tree), spaces around + and -. Re-parsing it gives the same tree
 * (positions and the implicit-multiplication flag aside). Used to store, regrade and cluster answers.
 */
import type { Expr } from "./ast";

/** 1 sum, 2 product/quotient, 3 unary minus, 4 power, 5 atom. */
export function precedence(e: Expr): number {
  switch (e.type) {
    case "binary":
      return e.op === "+" || e.op === "-" ? 1 : e.op === "^" ? 4 : 2;
    case "neg":
      return 3;
    default:
      return 5;
  }
}

export function formatNumber(v: number): string {
  return String(v);
}

function wrap(s: string, yes: boolean): string {
  return yes ? `(${s})` : s;
}

export function printCanonical(e: Expr): string {
  switch (e.type) {
    case "number":
      return formatNumber(e.value);
    case "variable":
      return e.name;
    case "constant":
      return e.name;
    case "neg":
      return "-" + wrap(printCanonical(e.arg), precedence(e.arg) < 3 || e.arg.type === "neg");
    case "call": {
      // Matrix calls (issue 15) print in the spelling that re-parses to the same node.
      if (e.name === "transpose" && e.args[0] !== undefined) return `${wrap(printCanonical(e.args[0]), precedence(e.args[0]) < 5)}^T`;
      const numpy = e.name === "npsum" || e.name === "npmean";
      if ((numpy || e.name === "sum" || e.name === "mean") && e.args.length === 2 && e.args[1]?.type === "number") {
        return `${numpy ? `np.${e.name.slice(2)}` : e.name}(${printCanonical(e.args[0] as Expr)}, axis=${e.args[1].value})`;
      }
      return `${e.name}(${e.args.map(printCanonical).join(", ")})`;
    }
    case "binary": {
      const pl = precedence(e.left);
      const pr = precedence(e.right);
      const l = printCanonical(e.left);
      const r = printCanonical(e.right);
      const rightNeg = e.right.type === "neg";
      switch (e.op) {
        case "+":
        case "-":
          return `${l} ${e.op} ${wrap(r, pr <= 1 || rightNeg)}`;
        case "*":
        case "/":
        case "@":
          return `${wrap(l, pl < 2)}${e.op}${wrap(r, pr <= 2 || rightNeg)}`;
        case "^":
          return `${wrap(l, pl <= 4)}^${wrap(r, pr < 4 || rightNeg)}`;
      }
    }
  }
}
