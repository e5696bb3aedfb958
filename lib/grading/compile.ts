/**
 * Compiles a whitelisted AST into nested closures over a Float64Array of variable values.
 * No eval, no Function constructor: only the closures below exist. ~0.1 µs per evaluation.
 */
import type { Expr } from "./ast";
import { CONSTANTS, FUNCTIONS } from "./functions";

export type Evaluator = (env: Float64Array) => number;

export function compileExpr(e: Expr, index: ReadonlyMap<string, number>): Evaluator {
  switch (e.type) {
    case "number": {
      const v = e.value;
      return () => v;
    }
    case "constant": {
      const v = CONSTANTS.get(e.name)?.value ?? NaN;
      return () => v;
    }
    case "variable": {
      const i = index.get(e.name);
      if (i === undefined) throw new Error(`compile: unknown variable ${e.name}`);
      return (env) => env[i] as number;
    }
    case "neg": {
      const a = compileExpr(e.arg, index);
      return (env) => -a(env);
    }
    case "binary": {
      const l = compileExpr(e.left, index);
      const r = compileExpr(e.right, index);
      switch (e.op) {
        case "+":
          return (env) => l(env) + r(env);
        case "-":
          return (env) => l(env) - r(env);
        case "*":
          return (env) => l(env) * r(env);
        case "/":
          return (env) => l(env) / r(env);
        case "^":
          if (e.right.type === "number" && e.right.value === 2) {
            return (env) => {
              const x = l(env);
              return x * x;
            };
          }
          return (env) => Math.pow(l(env), r(env));
      }
      throw new Error("compile: bad operator");
    }
    case "call": {
      const spec = FUNCTIONS.get(e.name);
      if (spec === undefined) throw new Error(`compile: unknown function ${e.name}`);
      const f = spec.impl;
      const args = e.args.map((a) => compileExpr(a, index));
      if (args.length === 1) {
        const a = args[0] as Evaluator;
        return (env) => f(a(env));
      }
      if (args.length === 2) {
        const a = args[0] as Evaluator;
        const b = args[1] as Evaluator;
        return (env) => f(a(env), b(env));
      }
      return (env) => f(...args.map((a) => a(env)));
    }
  }
}
