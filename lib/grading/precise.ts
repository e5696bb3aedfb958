/**
 * High-precision confirmation (issue 12 kind 3). Doubles lose digits where a formula cancels: at
 * z = 28, 1 − σ(z) ≈ 6.9e-13 keeps only ~4 digits, so −y·log(a) − (1−y)·log(1−a) misses
 * log(1+e^z) − y·z by 6e-6 relative, and at z = 40 log(1 − a) is log(0). Grading compares in doubles
 * (fast) and, only where that comparison fails and a first-order rounding-error bound (`boundedValue`)
 * cannot rule out rounding, re-evaluates the same tree with decimal.js at `precisionDigits` digits.
 *
 * Nothing here executes text: `preciseValue` walks the whitelisted tree, calling the Decimal method
 * for each canonical function name (a Map, like functions.ts).
 *
 * Limits (README "Tolerance"): at 60 digits a cancellation of up to ~50 digits is resolved, e.g.
 * 1 − σ(z) keeps ≥ 6 digits for |z| ≤ 100 (e^-100 ≈ 3.7e-44); decimal.js's trigonometric functions
 * reduce their argument with a 1025-digit π, so |x| up to ~1e1000 is fine; exponents reach 9e15.
 * Beyond those limits the confirmation can itself be wrong; validate.ts warns when the key's points
 * need more than 60 digits.
 */
import Decimal from "decimal.js";
import type { Expr } from "./ast";
import type { Context } from "./context";
import { GRADING_DEFAULTS } from "./defaults";
import { FUNCTIONS } from "./functions";

export type PreciseCtor = Decimal.Constructor;

const ctors = new Map<number, PreciseCtor>();

/** A Decimal constructor with `digits` significant digits and the widest exponent range. */
export function preciseCtor(digits: number = GRADING_DEFAULTS.precisionDigits): PreciseCtor {
  let D = ctors.get(digits);
  if (D === undefined) {
    D = Decimal.clone({ precision: digits, rounding: Decimal.ROUND_HALF_EVEN, minE: -9e15, maxE: 9e15, toExpNeg: -7, toExpPos: 21 });
    ctors.set(digits, D);
  }
  return D;
}

type PreciseFn = (D: PreciseCtor, xs: Decimal[]) => Decimal;

const one = (D: PreciseCtor): Decimal => new D(1);
const isNan = (x: Decimal): boolean => x.isNaN();

/**
 * Arguments beyond which a decimal.js call is not attempted (the result is NaN: "cannot confirm").
 * decimal.js's own sinh(1e6) or asinh(1e100) run for seconds or exhaust memory; exp(2000) takes
 * ~1 ms. Doubles overflow at exp(709), so these limits are beyond any confirmation grading needs
 * (exp(800)/exp(799) = e is still confirmed).
 */
const MAX_EXP_ARG = 2000;
const MAX_TRIG_ARG = 1e20;
class CannotConfirm extends Error {}
function guard(x: Decimal, limit: number): Decimal {
  if (x.isFinite() && x.abs().gt(limit)) throw new CannotConfirm();
  return x;
}
const expG = (D: PreciseCtor, x: Decimal): Decimal => D.exp(guard(x, MAX_EXP_ARG));
const trig = (x: Decimal): Decimal => guard(x, MAX_TRIG_ARG);
/** sinh, cosh and tanh from exp: decimal.js's own versions are pathological for large arguments. */
const sinhP = (D: PreciseCtor, x: Decimal): Decimal => expG(D, x).minus(expG(D, x.neg())).div(2);
const coshP = (D: PreciseCtor, x: Decimal): Decimal => expG(D, x).plus(expG(D, x.neg())).div(2);
function tanhP(D: PreciseCtor, x: Decimal): Decimal {
  if (x.isNaN()) return x;
  if (x.isNeg()) return tanhP(D, x.neg()).neg();
  // 1 − 2/(e^{2x} + 1): no overflow to ∞/∞, and e^{2x} beyond MAX_EXP_ARG is 1 to any precision.
  if (x.gt(MAX_EXP_ARG / 2)) return new D(1);
  return one(D).minus(new D(2).div(D.exp(x.times(2)).plus(1)));
}

/** Canonical function name → Decimal implementation; the same definitions as functions.ts. */
const PRECISE: ReadonlyMap<string, PreciseFn> = new Map<string, PreciseFn>([
  // σ(x) for x > 2000 is 1 to any working precision; for x < −2000 (≈ e^−2000) the guard refuses.
  ["sigma", (D, [x]) => ((x as Decimal).gt(MAX_EXP_ARG) ? new D(1) : one(D).div(one(D).plus(expG(D, (x as Decimal).neg()))))],
  ["exp", (D, [x]) => expG(D, x as Decimal)],
  ["log", (D, [x]) => D.ln(x as Decimal)],
  ["log10", (D, [x]) => D.log10(x as Decimal)],
  ["log2", (D, [x]) => D.log2(x as Decimal)],
  ["log1p", (D, [x]) => D.ln((x as Decimal).plus(1))],
  ["expm1", (D, [x]) => expG(D, x as Decimal).minus(1)],
  ["sqrt", (D, [x]) => D.sqrt(x as Decimal)],
  ["abs", (D, [x]) => D.abs(x as Decimal)],
  ["sin", (D, [x]) => D.sin(trig(x as Decimal))],
  ["cos", (D, [x]) => D.cos(trig(x as Decimal))],
  ["tan", (D, [x]) => D.tan(trig(x as Decimal))],
  ["sec", (D, [x]) => one(D).div(D.cos(trig(x as Decimal)))],
  ["csc", (D, [x]) => one(D).div(D.sin(trig(x as Decimal)))],
  ["cot", (D, [x]) => one(D).div(D.tan(trig(x as Decimal)))],
  ["asin", (D, [x]) => D.asin(x as Decimal)],
  ["acos", (D, [x]) => D.acos(x as Decimal)],
  ["atan", (D, [x]) => D.atan(trig(x as Decimal))],
  ["sinh", (D, [x]) => sinhP(D, x as Decimal)],
  ["cosh", (D, [x]) => coshP(D, x as Decimal)],
  ["tanh", (D, [x]) => tanhP(D, x as Decimal)],
  ["sech", (D, [x]) => one(D).div(coshP(D, x as Decimal))],
  ["csch", (D, [x]) => one(D).div(sinhP(D, x as Decimal))],
  ["coth", (D, [x]) => one(D).div(tanhP(D, x as Decimal))],
  // Inverse hyperbolics through ln (decimal.js's asinh(1e100) takes ~0.1 s); same values.
  ["asinh", (D, [x]) => {
    const v = x as Decimal;
    const r = D.ln(v.abs().plus(D.sqrt(v.times(v).plus(1))));
    return v.isNeg() ? r.neg() : r;
  }],
  ["acosh", (D, [x]) => D.ln((x as Decimal).plus(D.sqrt((x as Decimal).times(x as Decimal).minus(1))))],
  ["atanh", (D, [x]) => D.ln(one(D).plus(x as Decimal).div(one(D).minus(x as Decimal))).div(2)],
  ["min", (D, xs) => (xs.some(isNan) ? new D(NaN) : D.min(...xs))],
  ["max", (D, xs) => (xs.some(isNan) ? new D(NaN) : D.max(...xs))],
  ["relu", (D, [x]) => (isNan(x as Decimal) ? x as Decimal : (x as Decimal).gt(0) ? (x as Decimal) : new D(0))],
  ["leaky_relu", (D, [x, alpha]) => ((x as Decimal).gte(0) ? (x as Decimal) : (x as Decimal).times(alpha ?? new D("0.01")))],
  ["softplus", (D, [x]) => ((x as Decimal).gt(MAX_EXP_ARG) ? (x as Decimal) : D.ln(one(D).plus(expG(D, x as Decimal))))],
  ["heaviside", (D, [x]) => (isNan(x as Decimal) ? x as Decimal : (x as Decimal).gt(0) ? new D(1) : (x as Decimal).lt(0) ? new D(0) : new D("0.5"))],
  ["sign", (D, [x]) => (isNan(x as Decimal) ? x as Decimal : new D(D.sign(x as Decimal)))],
]);

/** Does every function of the whitelist have a Decimal implementation? (tested) */
export function hasPreciseFunction(name: string): boolean {
  return PRECISE.has(name);
}

/**
 * Value of a whitelisted tree at `env` (Decimal values by variable index). Undefined results are
 * NaN or ±Infinity Decimals, as with doubles. Never throws: where decimal.js gives up (it throws
 * "precision limit exceeded" for the sine of ~1e1000, whose reduction needs more digits of π than it
 * keeps) the result is NaN, i.e. "cannot confirm", and the double comparison's verdict stands.
 */
export function preciseValue(e: Expr, env: readonly Decimal[], index: ReadonlyMap<string, number>, D: PreciseCtor, meter?: PreciseMeter): Decimal {
  try {
    return evalPrecise(e, env, index, D, meter ?? { calls: Infinity });
  } catch {
    return new D(NaN);
  }
}

/**
 * Work allowance shared by all Decimal evaluations of one grade: each function call or power costs 1,
 * and when it runs out the evaluation gives NaN ("cannot confirm", the double verdict stands). A count,
 * not a clock, so a resubmission gets the same verdict on any machine.
 */
export type PreciseMeter = { calls: number };

function evalPrecise(e: Expr, env: readonly Decimal[], index: ReadonlyMap<string, number>, D: PreciseCtor, meter: PreciseMeter): Decimal {
  switch (e.type) {
    case "number":
      return new D(e.value);
    case "constant":
      // acos(-1) = π to the working precision (decimal.js keeps a 1025-digit π).
      return e.name === "pi" ? D.acos(-1) : D.exp(1);
    case "variable": {
      const i = index.get(e.name);
      return i === undefined ? new D(NaN) : (env[i] as Decimal);
    }
    case "neg":
      return evalPrecise(e.arg, env, index, D, meter).neg();
    case "binary": {
      const l = evalPrecise(e.left, env, index, D, meter);
      const r = evalPrecise(e.right, env, index, D, meter);
      switch (e.op) {
        case "+":
          return l.plus(r);
        case "-":
          return l.minus(r);
        case "*":
          return l.times(r);
        case "/":
          // Decimal gives ±Infinity for x/0 like doubles, and NaN for 0/0.
          return l.div(r);
        case "^":
          if (--meter.calls < 0) throw new CannotConfirm();
          return powPrecise(l, r, D);
      }
      return new D(NaN);
    }
    case "call": {
      const f = PRECISE.get(e.name);
      if (f === undefined) return new D(NaN);
      const args = e.args.map((a) => evalPrecise(a, env, index, D, meter));
      if (--meter.calls < 0) throw new CannotConfirm();
      return f(D, args);
    }
  }
}

/**
 * x^y with the double conventions that matter here: 0^0 = 1, (negative)^(non-integer) = NaN.
 * Refused (cannot confirm) when |y·ln|x|| > MAX_EXP_ARG: 9^9^9 would need 3.7e8 decimal digits of
 * exponent work.
 */
function powPrecise(x: Decimal, y: Decimal, D: PreciseCtor): Decimal {
  if (y.isZero()) return new D(1);
  if (x.isNaN() || y.isNaN()) return new D(NaN);
  if (x.isNeg() && !y.isInteger()) return new D(NaN);
  if (!x.isZero() && x.isFinite() && y.isFinite()) {
    const size = Math.abs(y.toNumber() * Math.log(Math.abs(x.toNumber())));
    if (!(size <= MAX_EXP_ARG) && !(Math.abs(x.toNumber()) === 1)) {
      // toNumber() of a huge Decimal is ±Infinity, of a tiny one 0: both make size Infinity.
      const lnx = D.ln(x.abs());
      if (y.times(lnx).abs().gt(MAX_EXP_ARG)) throw new CannotConfirm();
    }
  }
  return x.pow(y);
}

/**
 * Decimal values of all variables at one point: sampled ones from the point's doubles (the same
 * numbers the double evaluation used), definitions re-evaluated in Decimal (a = σ(z) to 60 digits,
 * not the rounded double a).
 */
export function preciseEnv(ctx: Context, point: Float64Array, D: PreciseCtor): Decimal[] {
  const env: Decimal[] = new Array<Decimal>(ctx.names.length);
  for (const s of ctx.sampled) env[s.i] = new D(point[s.i] as number);
  for (const d of ctx.defs) env[d.i] = preciseValue(d.expr, env, ctx.index, D);
  return env;
}

/** Same combined tolerance as tolerance.ts `agree`, in Decimal; non-finite never agrees. */
export function preciseAgree(a: Decimal, b: Decimal, floor: number, relative: number = GRADING_DEFAULTS.relativeTolerance): boolean {
  if (!a.isFinite() || !b.isFinite()) return false;
  const bound = Decimal.max(a.abs(), b.abs()).times(relative).plus(floor);
  return a.minus(b).abs().lte(bound);
}

const U = 2 ** -53; // unit roundoff of doubles

/** |f'(x)| for the first-order error bound, by canonical name; Infinity where the bound is unusable. */
function derivative(name: string, x: number, fx: number, ex: number, args: readonly number[]): number {
  const ax = Math.abs(x);
  switch (name) {
    case "sigma":
      return fx * (1 - fx);
    case "exp":
    case "expm1":
      return Math.exp(x);
    case "log":
    case "log10":
    case "log2":
      return ex >= ax / 2 ? Infinity : 1 / ax;
    case "log1p":
      return ex >= Math.abs(1 + x) / 2 ? Infinity : 1 / Math.abs(1 + x);
    case "sqrt":
      return ex >= ax / 2 ? (ex === 0 ? 0 : Infinity) : 1 / (2 * Math.sqrt(ax));
    case "abs":
    case "sin":
    case "cos":
      return 1;
    case "tan":
    case "cot":
      return 1 + fx * fx;
    case "sec":
      return Math.abs(fx * Math.tan(x));
    case "csc":
      return Math.abs(fx / Math.tan(x));
    case "asin":
    case "acos":
      return 1 / Math.sqrt(Math.max(0, 1 - x * x));
    case "atan":
      return 1 / (1 + x * x);
    case "sinh":
      return Math.cosh(x);
    case "cosh":
      return Math.abs(Math.sinh(x));
    case "tanh":
      return 1 - fx * fx;
    case "sech":
      return Math.abs(fx * Math.tanh(x));
    case "csch":
      return Math.abs(fx / Math.tanh(x));
    case "coth":
      return Math.abs(1 - fx * fx);
    case "asinh":
      return 1 / Math.sqrt(x * x + 1);
    case "acosh":
      return 1 / Math.sqrt(Math.max(0, x * x - 1));
    case "atanh":
      return 1 / Math.abs(1 - x * x);
    case "softplus":
      return 1 / (1 + Math.exp(-x));
    case "relu":
    case "heaviside":
    case "sign":
      // Non-smooth at 0: if rounding could move the argument across 0, the value can jump.
      return ex >= ax ? Infinity : name === "relu" ? (x > 0 ? 1 : 0) : 0;
    case "leaky_relu":
      return ex >= ax ? Infinity : x > 0 ? 1 : Math.abs(args[1] ?? 0.01);
    default:
      return Infinity;
  }
}

/** Error bound written by `bv` for the value it returns (avoids allocating a pair per node). */
let bvErr = 0;

/** Marker bound: the value is certainly undefined (out of a function's domain by more than rounding). */
export const CERTAINLY_UNDEFINED = -1;

/** Functions whose NaN means "argument outside the domain", with the domain as [lo, hi]. */
const DOMAINS: ReadonlyMap<string, [number, number]> = new Map([
  ["log", [0, Infinity]],
  ["log10", [0, Infinity]],
  ["log2", [0, Infinity]],
  ["sqrt", [0, Infinity]],
  ["log1p", [-1, Infinity]],
  ["asin", [-1, 1]],
  ["acos", [-1, 1]],
  ["acosh", [1, Infinity]],
  ["atanh", [-1, 1]],
]);

/**
 * Value of a tree at one point in doubles, with a first-order bound on its rounding error
 * (running error analysis: each operation adds ½ ulp of its result, errors propagate through
 * |∂f/∂x|). `varErr[i]` bounds the error of variable i (0 for sampled values, the definition's own
 * bound for defined ones). Returns [value, bound]; the bound is Infinity where it cannot be trusted
 * (non-finite values, a log of something that may be 0, a kink the argument may cross), and
 * CERTAINLY_UNDEFINED where the value is undefined whatever the rounding: a log, sqrt, asin … of an
 * argument outside its domain by more than 16× its bound, or a division by an exact 0 (0/0, 1/0).
 * Used only to decide whether a failed double comparison needs the Decimal confirmation, so an
 * over-estimate costs time, never a verdict; the caller multiplies the bound by a safety factor.
 */
export function boundedValue(e: Expr, env: Float64Array, varErr: ArrayLike<number>, index: ReadonlyMap<string, number>): [number, number] {
  const v = bv(e, env, varErr, index);
  return [v, bvErr];
}

function bv(e: Expr, env: Float64Array, varErr: ArrayLike<number>, index: ReadonlyMap<string, number>): number {
  switch (e.type) {
    case "number":
      bvErr = Number.isInteger(e.value) && Math.abs(e.value) < 2 ** 53 ? 0 : U * Math.abs(e.value);
      return e.value;
    case "constant": {
      const v = e.name === "pi" ? Math.PI : Math.E;
      bvErr = U * v;
      return v;
    }
    case "variable": {
      const i = index.get(e.name);
      if (i === undefined) {
        bvErr = Infinity;
        return NaN;
      }
      bvErr = varErr[i] as number;
      return env[i] as number;
    }
    case "neg":
      return -bv(e.arg, env, varErr, index);
    case "binary": {
      const l = bv(e.left, env, varErr, index);
      const el = bvErr;
      if (el === CERTAINLY_UNDEFINED) return NaN;
      const r = bv(e.right, env, varErr, index);
      const er = bvErr;
      if (er === CERTAINLY_UNDEFINED) return NaN;
      let v: number;
      let err: number;
      switch (e.op) {
        case "+":
          v = l + r;
          err = el + er;
          break;
        case "-":
          v = l - r;
          err = el + er;
          break;
        case "*":
          v = l * r;
          err = Math.abs(r) * el + Math.abs(l) * er;
          break;
        case "/":
          v = l / r;
          if (r === 0 && er === 0) {
            bvErr = CERTAINLY_UNDEFINED; // division by an exact zero
            return v;
          }
          err = er >= Math.abs(r) / 2 ? Infinity : (el + Math.abs(v) * er) / Math.abs(r);
          break;
        case "^":
          v = e.right.type === "number" && e.right.value === 2 ? l * l : Math.pow(l, r);
          if (el === 0 && er === 0) err = 0;
          else if (l === 0 || el >= Math.abs(l) / 2) err = Infinity;
          else err = Math.abs(v) * (Math.abs(r / l) * el + Math.abs(Math.log(Math.abs(l))) * er);
          break;
      }
      err += U * Math.abs(v);
      bvErr = Number.isFinite(v) && !Number.isNaN(err) ? err : Infinity;
      return v;
    }
    case "call": {
      const spec = FUNCTIONS.get(e.name);
      if (spec === undefined) {
        bvErr = Infinity;
        return NaN;
      }
      const args = e.args;
      if (args.length > 2) {
        // min/max with 3–8 arguments: the error of the result is at most the largest.
        const vals: number[] = [];
        let maxErr = 0;
        for (const a of args) {
          vals.push(bv(a, env, varErr, index));
          if (bvErr === CERTAINLY_UNDEFINED) return NaN;
          if (bvErr > maxErr) maxErr = bvErr;
        }
        const v = spec.impl(...vals);
        bvErr = Number.isFinite(v) ? maxErr + 4 * U * Math.abs(v) : Infinity;
        return v;
      }
      const x = bv(args[0] as Expr, env, varErr, index);
      const ex = bvErr;
      if (ex === CERTAINLY_UNDEFINED) return NaN;
      let y = NaN;
      let ey = 0;
      if (args.length === 2) {
        y = bv(args[1] as Expr, env, varErr, index);
        ey = bvErr;
        if (ey === CERTAINLY_UNDEFINED) return NaN;
      }
      const v = args.length === 2 ? spec.impl(x, y) : spec.impl(x);
      if (!Number.isFinite(v)) {
        const domain = DOMAINS.get(e.name);
        const outside = domain === undefined ? 0 : Math.max(domain[0] - x, x - domain[1]);
        // Outside the domain by more than rounding could explain: undefined for certain.
        bvErr = Number.isNaN(v) && Number.isFinite(x) && Number.isFinite(ex) && outside > 16 * ex ? CERTAINLY_UNDEFINED : Infinity;
        return v;
      }
      // Library functions are within a few ulps (not correctly rounded): 4 ulps of the result.
      const own = 4 * U * Math.abs(v);
      if (e.name === "min" || e.name === "max") {
        bvErr = Math.max(ex, ey) + own;
        return v;
      }
      const d = derivative(e.name, x, v, ex, args.length === 2 ? [x, y] : [x]);
      const err = d * ex + (args.length === 2 ? ey * Math.abs(x) : 0) + own;
      bvErr = Number.isNaN(err) ? Infinity : err;
      return v;
    }
  }
}
