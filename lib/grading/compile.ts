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
        case "@": // only in matrix exercises, which are evaluated by matrix.ts; on scalars a product
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

/**
 * Evaluates a whitelisted AST at all of a step's points in one pass over the tree: each node is
 * computed for every point in a tight loop over Float64Arrays (registers reused across answers), so
 * the per-answer cost is one tree walk instead of building closures and calling them per point.
 * Every point gets exactly the operations `compileExpr` would apply, so the values are bit-identical.
 */
export class PointEvaluator {
  /** columns[v][k] = value of variable v at point k. */
  private readonly columns: Float64Array[];
  private readonly registers: Float64Array[] = [];
  private top = 0;
  readonly n: number;

  constructor(
    points: readonly Float64Array[],
    private readonly index: ReadonlyMap<string, number>,
  ) {
    const n = points.length;
    this.n = n;
    let vars = 0;
    for (const i of index.values()) vars = Math.max(vars, i + 1);
    this.columns = [];
    for (let v = 0; v < vars; v++) {
      const col = new Float64Array(n);
      for (let k = 0; k < n; k++) col[k] = (points[k] as Float64Array)[v] as number;
      this.columns.push(col);
    }
  }

  /** Values of e at every point, written to out (length n). */
  run(e: Expr, out: Float64Array): Float64Array {
    this.top = 0;
    const r = this.ev(e);
    out.set(r);
    return out;
  }

  private reg(): Float64Array {
    let r = this.registers[this.top];
    if (r === undefined) {
      r = new Float64Array(this.n);
      this.registers.push(r);
    }
    this.top++;
    return r;
  }

  /** Result may be a variable column (never written) or a register at or above the current top. */
  private ev(e: Expr): Float64Array {
    const n = this.n;
    switch (e.type) {
      case "number": {
        const out = this.reg();
        out.fill(e.value);
        return out;
      }
      case "constant": {
        const out = this.reg();
        out.fill(CONSTANTS.get(e.name)?.value ?? NaN);
        return out;
      }
      case "variable": {
        const i = this.index.get(e.name);
        if (i === undefined) throw new Error(`compile: unknown variable ${e.name}`);
        return this.columns[i] as Float64Array;
      }
      case "neg": {
        const mark = this.top;
        const a = this.ev(e.arg);
        this.top = mark;
        const out = this.reg();
        for (let k = 0; k < n; k++) out[k] = -(a[k] as number);
        return out;
      }
      case "binary": {
        const mark = this.top;
        const l = this.ev(e.left);
        if (e.op === "^" && e.right.type === "number" && e.right.value === 2) {
          this.top = mark;
          const out = this.reg();
          for (let k = 0; k < n; k++) {
            const x = l[k] as number;
            out[k] = x * x;
          }
          return out;
        }
        const r = this.ev(e.right);
        this.top = mark;
        const out = this.reg(); // may alias l or r: each point reads its inputs before writing
        switch (e.op) {
          case "+":
            for (let k = 0; k < n; k++) out[k] = (l[k] as number) + (r[k] as number);
            return out;
          case "-":
            for (let k = 0; k < n; k++) out[k] = (l[k] as number) - (r[k] as number);
            return out;
          case "*":
          case "@":
            for (let k = 0; k < n; k++) out[k] = (l[k] as number) * (r[k] as number);
            return out;
          case "/":
            for (let k = 0; k < n; k++) out[k] = (l[k] as number) / (r[k] as number);
            return out;
          case "^":
            for (let k = 0; k < n; k++) out[k] = Math.pow(l[k] as number, r[k] as number);
            return out;
        }
        throw new Error("compile: bad operator");
      }
      case "call": {
        const spec = FUNCTIONS.get(e.name);
        if (spec === undefined) throw new Error(`compile: unknown function ${e.name}`);
        const f = spec.impl;
        const mark = this.top;
        const args = e.args;
        if (args.length === 1) {
          const a = this.ev(args[0] as Expr);
          this.top = mark;
          const out = this.reg();
          for (let k = 0; k < n; k++) out[k] = f(a[k] as number);
          return out;
        }
        if (args.length === 2) {
          const a = this.ev(args[0] as Expr);
          const b = this.ev(args[1] as Expr);
          this.top = mark;
          const out = this.reg();
          for (let k = 0; k < n; k++) out[k] = f(a[k] as number, b[k] as number);
          return out;
        }
        const vals = args.map((a) => this.ev(a));
        this.top = mark;
        const out = this.reg();
        const xs = new Array<number>(vals.length);
        for (let k = 0; k < n; k++) {
          for (let j = 0; j < vals.length; j++) xs[j] = (vals[j] as Float64Array)[k] as number;
          out[k] = f(...xs);
        }
        return out;
      }
    }
  }
}
