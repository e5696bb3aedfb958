/**
 * Evaluation of shape-checked matrix expressions (issue 15) at one grading point. A value is a
 * `Mat`: rows × columns of doubles in one row-major Float64Array (a scalar is 1×1; a numpy 1-D array
 * of length k is stored as 1×k, which is how numpy broadcasts it). No per-entry objects: every node
 * allocates one Float64Array and loops over it. Like compile.ts, the tree is compiled once into
 * closures (no eval, no Function constructor); the shapes come from shape.ts, so the closures never
 * meet operands that do not fit.
 */
import type { Expr } from "./ast";
import { CONSTANTS, FUNCTIONS } from "./functions";
import type { Shape } from "./shape";

/** rows × columns, row-major. Never mutated once returned by an evaluator (constants are shared). */
export type Mat = { r: number; c: number; d: Float64Array };
/** Values of all variables at one point, by variable index. */
export type MatEnv = readonly Mat[];
export type MatEvaluator = (env: MatEnv) => Mat;

export function scalarMat(v: number): Mat {
  const d = new Float64Array(1);
  d[0] = v;
  return { r: 1, c: 1, d };
}

/** Element-wise a ∘ b with numpy broadcasting (a dimension of size 1 stretches). */
function broadcast(a: Mat, b: Mat, f: (x: number, y: number) => number): Mat {
  const r = a.r === 1 ? b.r : a.r;
  const c = a.c === 1 ? b.c : a.c;
  const out = new Float64Array(r * c);
  const ad = a.d;
  const bd = b.d;
  if (a.r === b.r && a.c === b.c) {
    for (let k = 0; k < out.length; k++) out[k] = f(ad[k] as number, bd[k] as number);
  } else if (ad.length === 1) {
    const x = ad[0] as number;
    for (let k = 0; k < out.length; k++) out[k] = f(x, bd[k] as number);
  } else if (bd.length === 1) {
    const y = bd[0] as number;
    for (let k = 0; k < out.length; k++) out[k] = f(ad[k] as number, y);
  } else {
    const ars = a.r === 1 ? 0 : a.c;
    const acs = a.c === 1 ? 0 : 1;
    const brs = b.r === 1 ? 0 : b.c;
    const bcs = b.c === 1 ? 0 : 1;
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < c; j++) out[i * c + j] = f(ad[i * ars + j * acs] as number, bd[i * brs + j * bcs] as number);
    }
  }
  return { r, c, d: out };
}

function map(a: Mat, f: (x: number) => number): Mat {
  const out = new Float64Array(a.d.length);
  const ad = a.d;
  for (let k = 0; k < out.length; k++) out[k] = f(ad[k] as number);
  return { r: a.r, c: a.c, d: out };
}

/** Matrix product; `rightVec`: b is a numpy 1-D array (stored 1×k, used as the column k×1, result 1-D). */
function matmul(a: Mat, b: Mat, rightVec: boolean): Mat {
  const p = a.r;
  const k = a.c;
  const q = rightVec ? 1 : b.c;
  const out = new Float64Array(p * q);
  const ad = a.d;
  const bd = b.d;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += (ad[i * k + t] as number) * (bd[t * q + j] as number);
      out[i * q + j] = s;
    }
  }
  return rightVec ? { r: 1, c: p, d: out } : { r: p, c: q, d: out };
}

function transpose(a: Mat): Mat {
  if (a.r === 1 || a.c === 1) return { r: a.c, c: a.r, d: a.d }; // same row-major data
  const out = new Float64Array(a.d.length);
  const ad = a.d;
  for (let i = 0; i < a.r; i++) for (let j = 0; j < a.c; j++) out[j * a.r + i] = ad[i * a.c + j] as number;
  return { r: a.c, c: a.r, d: out };
}

/** Sum (or mean) over all entries (axis null) or one axis; keepdims decides r×1 versus 1×r for axis 1. */
function reduce(a: Mat, axis: number | null, mean: boolean, vecInput: boolean): Mat {
  const ad = a.d;
  if (axis === null || vecInput) {
    let s = 0;
    for (let k = 0; k < ad.length; k++) s += ad[k] as number;
    return scalarMat(mean ? s / ad.length : s);
  }
  if (axis === 0) {
    const out = new Float64Array(a.c);
    for (let i = 0; i < a.r; i++) for (let j = 0; j < a.c; j++) out[j] = (out[j] as number) + (ad[i * a.c + j] as number);
    if (mean) for (let j = 0; j < a.c; j++) out[j] = (out[j] as number) / a.r;
    return { r: 1, c: a.c, d: out };
  }
  const out = new Float64Array(a.r);
  for (let i = 0; i < a.r; i++) {
    let s = 0;
    for (let j = 0; j < a.c; j++) s += ad[i * a.c + j] as number;
    out[i] = mean ? s / a.c : s;
  }
  return { r: a.r, c: 1, d: out };
}

/** Column-wise softmax (a 1-D array: over all its entries), shifted by the column maximum. */
function softmax(a: Mat, vec: boolean): Mat {
  const rows = vec ? a.c : a.r;
  const cols = vec ? 1 : a.c;
  const out = new Float64Array(a.d.length);
  const ad = a.d;
  for (let j = 0; j < cols; j++) {
    let max = -Infinity;
    for (let i = 0; i < rows; i++) max = Math.max(max, ad[i * cols + j] as number);
    let s = 0;
    for (let i = 0; i < rows; i++) {
      const v = Math.exp((ad[i * cols + j] as number) - max);
      out[i * cols + j] = v;
      s += v;
    }
    for (let i = 0; i < rows; i++) out[i * cols + j] = (out[i * cols + j] as number) / s;
  }
  return { r: a.r, c: a.c, d: out };
}

const add = (x: number, y: number): number => x + y;
const sub = (x: number, y: number): number => x - y;
const mul = (x: number, y: number): number => x * y;
const div = (x: number, y: number): number => x / y;
const pow = (x: number, y: number): number => (y === 2 ? x * x : Math.pow(x, y));
const neg = (x: number): number => -x;

/**
 * Compiles a checked tree (`shapes` from shape.ts checkShapes, which also resolved juxtapositions
 * into "@" and scalings into "*") into a closure over the variables' matrices (`index`: name →
 * position in the environment). Throws only on trees the checker did not produce.
 */
export function compileMatrix(e: Expr, shapes: ReadonlyMap<Expr, Shape>, index: ReadonlyMap<string, number>): MatEvaluator {
  const isVec = (x: Expr): boolean => shapes.get(x)?.vec === true;
  const rec = (x: Expr): MatEvaluator => {
    switch (x.type) {
      case "number": {
        const m = scalarMat(x.value);
        return () => m;
      }
      case "constant": {
        const m = scalarMat(CONSTANTS.get(x.name)?.value ?? NaN);
        return () => m;
      }
      case "variable": {
        const i = index.get(x.name);
        if (i === undefined) throw new Error(`compile: unknown variable ${x.name}`);
        return (env) => env[i] as Mat;
      }
      case "neg": {
        const a = rec(x.arg);
        return (env) => map(a(env), neg);
      }
      case "binary": {
        const l = rec(x.left);
        const r = rec(x.right);
        switch (x.op) {
          case "+":
            return (env) => broadcast(l(env), r(env), add);
          case "-":
            return (env) => broadcast(l(env), r(env), sub);
          case "*":
            return (env) => broadcast(l(env), r(env), mul);
          case "/":
            return (env) => broadcast(l(env), r(env), div);
          case "^":
            return (env) => broadcast(l(env), r(env), pow);
          case "@": {
            const lv = isVec(x.left);
            const rv = isVec(x.right);
            if (lv && rv) {
              return (env) => {
                const a = l(env);
                const b = r(env);
                let s = 0;
                for (let k = 0; k < a.d.length; k++) s += (a.d[k] as number) * (b.d[k] as number);
                return scalarMat(s);
              };
            }
            if (rv) return (env) => matmul(l(env), r(env), true);
            return (env) => matmul(l(env), r(env), false);
          }
        }
        throw new Error("compile: bad operator");
      }
      case "call": {
        const args = x.args.map(rec);
        const a = args[0] as MatEvaluator;
        switch (x.name) {
          case "transpose":
            return isVec(x.args[0] as Expr) ? a : (env) => transpose(a(env));
          case "softmax": {
            const vec = isVec(x.args[0] as Expr);
            return (env) => softmax(a(env), vec);
          }
          case "sum":
          case "mean":
          case "npsum":
          case "npmean": {
            const axisNode = x.args[1];
            const axis = axisNode?.type === "number" ? axisNode.value : null;
            const mean = x.name.endsWith("mean");
            const vec = isVec(x.args[0] as Expr);
            return (env) => reduce(a(env), axis, mean, vec);
          }
        }
        const spec = FUNCTIONS.get(x.name);
        if (spec === undefined) throw new Error(`compile: unknown function ${x.name}`);
        const f = spec.impl;
        if (args.length === 1) return (env) => map(a(env), f);
        if (args.length === 2) {
          const b = args[1] as MatEvaluator;
          return (env) => broadcast(a(env), b(env), f);
        }
        return (env) => {
          let acc = a(env);
          for (let i = 1; i < args.length; i++) acc = broadcast(acc, (args[i] as MatEvaluator)(env), f);
          return acc;
        };
      }
    }
  };
  return rec(e);
}
