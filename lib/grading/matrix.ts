/**
 * Evaluation of shape-checked matrix expressions (issue 15) at one grading point. A value is a
 * `Mat`: rows × columns of doubles in one row-major Float64Array (a scalar is 1×1; a numpy 1-D array
 * of length k is stored as 1×k, which is how numpy broadcasts it). No per-entry objects: every node
 * writes one Float64Array (reused across points when grading) in a loop. Like compile.ts, the tree is compiled once into
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

/** Where a node's result goes: a new array, or (answers being graded) a buffer of the node reused at every point. */
type Alloc = (len: number) => Float64Array;
const fresh: Alloc = (len) => new Float64Array(len);
/**
 * One buffer per size for one node: the node's result at the previous point is dead once the root's
 * value has been copied out, so a grade allocates per node and size, not per node and point.
 */
function pooled(): Alloc {
  const pool: (Float64Array | undefined)[] = [];
  return (len) => {
    let b = pool[len];
    if (b === undefined) {
      b = new Float64Array(len);
      pool[len] = b;
    }
    return b;
  };
}

/** Arithmetic operators with their own loops (no callback per entry: the hot path of every grade). */
const enum Op {
  Add,
  Sub,
  Mul,
  Div,
}

/**
 * a op b where one side has a single entry (`scalarLeft`: a) or both have the same shape: one tight
 * loop per operator.
 */
function arith(alloc: Alloc, op: Op, a: Mat, b: Mat): Mat {
  const ad = a.d;
  const bd = b.d;
  if (ad.length === bd.length && a.r === b.r) {
    const out = alloc(ad.length);
    switch (op) {
      case Op.Add:
        for (let k = 0; k < out.length; k++) out[k] = (ad[k] as number) + (bd[k] as number);
        break;
      case Op.Sub:
        for (let k = 0; k < out.length; k++) out[k] = (ad[k] as number) - (bd[k] as number);
        break;
      case Op.Mul:
        for (let k = 0; k < out.length; k++) out[k] = (ad[k] as number) * (bd[k] as number);
        break;
      case Op.Div:
        for (let k = 0; k < out.length; k++) out[k] = (ad[k] as number) / (bd[k] as number);
        break;
    }
    return { r: a.r, c: a.c, d: out };
  }
  if (ad.length === 1) {
    const x = ad[0] as number;
    const out = alloc(bd.length);
    switch (op) {
      case Op.Add:
        for (let k = 0; k < out.length; k++) out[k] = x + (bd[k] as number);
        break;
      case Op.Sub:
        for (let k = 0; k < out.length; k++) out[k] = x - (bd[k] as number);
        break;
      case Op.Mul:
        for (let k = 0; k < out.length; k++) out[k] = x * (bd[k] as number);
        break;
      case Op.Div:
        for (let k = 0; k < out.length; k++) out[k] = x / (bd[k] as number);
        break;
    }
    return { r: b.r, c: b.c, d: out };
  }
  if (bd.length === 1) {
    const y = bd[0] as number;
    const out = alloc(ad.length);
    switch (op) {
      case Op.Add:
        for (let k = 0; k < out.length; k++) out[k] = (ad[k] as number) + y;
        break;
      case Op.Sub:
        for (let k = 0; k < out.length; k++) out[k] = (ad[k] as number) - y;
        break;
      case Op.Mul:
        for (let k = 0; k < out.length; k++) out[k] = (ad[k] as number) * y;
        break;
      case Op.Div:
        for (let k = 0; k < out.length; k++) out[k] = (ad[k] as number) / y;
        break;
    }
    return { r: a.r, c: a.c, d: out };
  }
  return broadcast(alloc, a, b, op === Op.Add ? add : op === Op.Sub ? sub : op === Op.Mul ? mul : div);
}

/** Element-wise f(a, b) with numpy broadcasting (a dimension of size 1 stretches). */
function broadcast(alloc: Alloc, a: Mat, b: Mat, f: (x: number, y: number) => number): Mat {
  const r = a.r === 1 ? b.r : a.r;
  const c = a.c === 1 ? b.c : a.c;
  const out = alloc(r * c);
  const ad = a.d;
  const bd = b.d;
  const ars = a.r === 1 ? 0 : a.c;
  const acs = a.c === 1 ? 0 : 1;
  const brs = b.r === 1 ? 0 : b.c;
  const bcs = b.c === 1 ? 0 : 1;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) out[i * c + j] = f(ad[i * ars + j * acs] as number, bd[i * brs + j * bcs] as number);
  }
  return { r, c, d: out };
}

function map(alloc: Alloc, a: Mat, f: (x: number) => number): Mat {
  const out = alloc(a.d.length);
  const ad = a.d;
  for (let k = 0; k < out.length; k++) out[k] = f(ad[k] as number);
  return { r: a.r, c: a.c, d: out };
}

/** Matrix product; `rightVec`: b is a numpy 1-D array (stored 1×k, used as the column k×1, result 1-D). */
function matmul(alloc: Alloc, a: Mat, b: Mat, rightVec: boolean): Mat {
  const p = a.r;
  const k = a.c;
  const q = rightVec ? 1 : b.c;
  const out = alloc(p * q);
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

function transpose(alloc: Alloc, a: Mat): Mat {
  if (a.r === 1 || a.c === 1) return { r: a.c, c: a.r, d: a.d }; // same row-major data
  const out = alloc(a.d.length);
  const ad = a.d;
  for (let i = 0; i < a.r; i++) for (let j = 0; j < a.c; j++) out[j * a.r + i] = ad[i * a.c + j] as number;
  return { r: a.c, c: a.r, d: out };
}

/** Sum (or mean) over all entries (axis null) or one axis; keepdims decides r×1 versus 1×r for axis 1. */
function reduce(alloc: Alloc, a: Mat, axis: number | null, mean: boolean, vecInput: boolean): Mat {
  const ad = a.d;
  if (axis === null || vecInput) {
    let s = 0;
    for (let k = 0; k < ad.length; k++) s += ad[k] as number;
    const one = alloc(1);
    one[0] = mean ? s / ad.length : s;
    return { r: 1, c: 1, d: one };
  }
  if (axis === 0) {
    const out = alloc(a.c).fill(0); // accumulated: a reused buffer must start at 0
    for (let i = 0; i < a.r; i++) for (let j = 0; j < a.c; j++) out[j] = (out[j] as number) + (ad[i * a.c + j] as number);
    if (mean) for (let j = 0; j < a.c; j++) out[j] = (out[j] as number) / a.r;
    return { r: 1, c: a.c, d: out };
  }
  const out = alloc(a.r);
  for (let i = 0; i < a.r; i++) {
    let s = 0;
    for (let j = 0; j < a.c; j++) s += ad[i * a.c + j] as number;
    out[i] = mean ? s / a.c : s;
  }
  return { r: a.r, c: 1, d: out };
}

/** Column-wise softmax (a 1-D array: over all its entries), shifted by the column maximum. */
function softmax(alloc: Alloc, a: Mat, vec: boolean): Mat {
  const rows = vec ? a.c : a.r;
  const cols = vec ? 1 : a.c;
  const out = alloc(a.d.length);
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

/**
 * Compiles a checked tree (`shapes` from shape.ts checkShapes, which also resolved juxtapositions
 * into "@" and scalings into "*") into a closure over the variables' matrices (`index`: name →
 * position in the environment). Throws only on trees the checker did not produce.
 *
 * `reuse`: each node writes into its own buffers, reused from one call to the next, so a result is
 * valid only until the next call (grading copies the root's entries out at once). Without it every
 * call returns fresh arrays (keys, definitions and anything kept across points).
 */
export function compileMatrix(e: Expr, shapes: ReadonlyMap<Expr, Shape>, index: ReadonlyMap<string, number>, reuse = false): MatEvaluator {
  const isVec = (x: Expr): boolean => shapes.get(x)?.vec === true;
  const rec = (x: Expr): MatEvaluator => {
    const alloc = reuse ? pooled() : fresh;
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
        return (env) => {
          const m = a(env);
          const out = alloc(m.d.length);
          for (let k = 0; k < out.length; k++) out[k] = -(m.d[k] as number);
          return { r: m.r, c: m.c, d: out };
        };
      }
      case "binary": {
        const l = rec(x.left);
        const r = rec(x.right);
        switch (x.op) {
          case "+":
            return (env) => arith(alloc, Op.Add, l(env), r(env));
          case "-":
            return (env) => arith(alloc, Op.Sub, l(env), r(env));
          case "*":
            return (env) => arith(alloc, Op.Mul, l(env), r(env));
          case "/":
            return (env) => arith(alloc, Op.Div, l(env), r(env));
          case "^":
            if (x.right.type === "number" && x.right.value === 2) {
              return (env) => {
                const a = l(env);
                const out = alloc(a.d.length);
                for (let k = 0; k < out.length; k++) {
                  const v = a.d[k] as number;
                  out[k] = v * v;
                }
                return { r: a.r, c: a.c, d: out };
              };
            }
            return (env) => broadcast(alloc, l(env), r(env), pow);
          case "@": {
            const lv = isVec(x.left);
            const rv = isVec(x.right);
            if (lv && rv) {
              return (env) => {
                const a = l(env);
                const b = r(env);
                let s = 0;
                for (let k = 0; k < a.d.length; k++) s += (a.d[k] as number) * (b.d[k] as number);
                const one = alloc(1);
                one[0] = s;
                return { r: 1, c: 1, d: one };
              };
            }
            if (rv) return (env) => matmul(alloc, l(env), r(env), true);
            return (env) => matmul(alloc, l(env), r(env), false);
          }
        }
        throw new Error("compile: bad operator");
      }
      case "call": {
        const args = x.args.map(rec);
        const a = args[0] as MatEvaluator;
        switch (x.name) {
          case "transpose":
            return isVec(x.args[0] as Expr) ? a : (env) => transpose(alloc, a(env));
          case "softmax": {
            const vec = isVec(x.args[0] as Expr);
            return (env) => softmax(alloc, a(env), vec);
          }
          case "sum":
          case "mean":
          case "npsum":
          case "npmean": {
            const axisNode = x.args[1];
            const axis = axisNode?.type === "number" ? axisNode.value : null;
            const mean = x.name.endsWith("mean");
            const vec = isVec(x.args[0] as Expr);
            return (env) => reduce(alloc, a(env), axis, mean, vec);
          }
        }
        const spec = FUNCTIONS.get(x.name);
        if (spec === undefined) throw new Error(`compile: unknown function ${x.name}`);
        const f = spec.impl;
        if (args.length === 1) {
          // σ, exp, log, tanh: the usual ML activations get their own loop (no callback per entry).
          if (x.name === "exp" || x.name === "log" || x.name === "tanh") {
            const g = x.name === "exp" ? Math.exp : x.name === "log" ? Math.log : Math.tanh;
            return (env) => map(alloc, a(env), g);
          }
          if (x.name === "sigma") {
            return (env) => {
              const m = a(env);
              const out = alloc(m.d.length);
              for (let k = 0; k < out.length; k++) {
                const v = m.d[k] as number;
                out[k] = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
              }
              return { r: m.r, c: m.c, d: out };
            };
          }
          return (env) => map(alloc, a(env), f);
        }
        if (args.length === 2) {
          const b = args[1] as MatEvaluator;
          return (env) => broadcast(alloc, a(env), b(env), f);
        }
        return (env) => {
          let acc = a(env);
          for (let i = 1; i < args.length; i++) acc = broadcast(alloc, acc, (args[i] as MatEvaluator)(env), f);
          return acc;
        };
      }
    }
  };
  return rec(e);
}
