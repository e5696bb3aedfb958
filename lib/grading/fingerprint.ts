/**
 * Numeric fingerprints for wrong-answer clustering: the values of an answer at one fixed set of
 * points. `x*(1-x)` and `x - x^2` get the same fingerprint; so do two spellings of the same mistake.
 */
import { variablesOf, type Expr } from "./ast";
import { compileExpr, PointEvaluator } from "./compile";
import { buildContext, samplePoints, variablesKey, type Context } from "./context";
import { GRADING_DEFAULTS, type GradingOptions } from "./defaults";
import { parseTree } from "./parser";
import { hashString } from "./prng";
import { agree } from "./tolerance";
import { matrixFingerprinter } from "./matrix-step";
import type { Variable } from "./types";

const contexts = new Map<string, { ctx: Context; points: Map<string, Float64Array[]> } | null>();

function contextFor(variables: readonly Variable[]): { ctx: Context; points: Map<string, Float64Array[]> } | null {
  const key = variablesKey(variables);
  let entry = contexts.get(key);
  if (entry === undefined) {
    const built = buildContext(variables);
    entry = built.ok ? { ctx: built.ctx, points: new Map() } : null;
    if (contexts.size > GRADING_DEFAULTS.cacheSize) contexts.clear();
    contexts.set(key, entry);
  }
  return entry;
}

/**
 * Values of `answer` at the points drawn from `options.seed` (default: a hash of the variables, so
 * one fixed set per exercise; pass the step's seed for one set per step). Non-finite values stay
 * NaN/±Infinity. Returns null when the answer is invalid or the variables are.
 */
export function fingerprint(answer: string | Expr, variables: readonly Variable[], options: GradingOptions = {}): number[] | null {
  const entry = contextFor(variables);
  if (entry === null) return null;
  const { ctx } = entry;
  if (ctx.matrix !== undefined) return matrixFingerprinterFor(entry, options)(answer);
  let expr: Expr;
  if (typeof answer === "string") {
    const parsed = parseTree(answer, { variables: ctx.names });
    if (!parsed.ok) return null;
    expr = parsed.expr;
  } else {
    expr = answer;
    for (const v of variablesOf(expr)) if (!ctx.index.has(v)) return null;
  }
  const points = pointsFor(entry, options);
  const f = compileExpr(expr, ctx.index);
  return points.map((p) => f(p));
}

/** Matrix exercises (issue 15): one fingerprinter per seed and count, with its points, cached with the context. */
const matrixFingerprinters = new WeakMap<Context, Map<string, Fingerprinter>>();
function matrixFingerprinterFor(entry: { ctx: Context }, options: GradingOptions): Fingerprinter {
  const { ctx } = entry;
  const count = Math.max(1, Math.floor(options.points ?? GRADING_DEFAULTS.points));
  const seed = (options.seed ?? hashString(`fingerprint|${ctx.key}`)) >>> 0;
  let byKey = matrixFingerprinters.get(ctx);
  if (byKey === undefined) {
    byKey = new Map();
    matrixFingerprinters.set(ctx, byKey);
  }
  let f = byKey.get(`${seed}|${count}`);
  if (f === undefined) {
    f = matrixFingerprinter(ctx, seed, count);
    byKey.set(`${seed}|${count}`, f);
  }
  return f;
}

function pointsFor(entry: { ctx: Context; points: Map<string, Float64Array[]> }, options: GradingOptions): Float64Array[] {
  const { ctx } = entry;
  const count = Math.max(1, Math.floor(options.points ?? GRADING_DEFAULTS.points));
  const seed = (options.seed ?? hashString(`fingerprint|${ctx.key}`)) >>> 0;
  const pkey = `${seed}|${count}`;
  let points = entry.points.get(pkey);
  if (points === undefined) {
    points = samplePoints(ctx, seed, count, count * GRADING_DEFAULTS.maxAttemptsPerPoint, () => true).points;
    entry.points.set(pkey, points);
  }
  return points;
}

/** fingerprint() bound to one variable list and options; null when the variables are invalid. */
export type Fingerprinter = (answer: string | Expr) => number[] | null;

/**
 * fingerprint() for many answers of one step (clustering): the context, the points and a
 * PointEvaluator are set up once, so each answer costs one parse and one pass over its tree instead
 * of a context look-up, closure compilation and a call per point. The values are the same as
 * fingerprint(answer, variables, options) bit for bit (PointEvaluator applies compileExpr's
 * operations at every point). Returns null when the variables are invalid.
 */
export function createFingerprinter(variables: readonly Variable[], options: GradingOptions = {}): Fingerprinter | null {
  const entry = contextFor(variables);
  if (entry === null) return null;
  const { ctx } = entry;
  if (ctx.matrix !== undefined) return matrixFingerprinterFor(entry, options);
  const points = pointsFor(entry, options);
  const evaluator = new PointEvaluator(points, ctx.index);
  const values = new Float64Array(points.length);
  const parseOptions = { variables: ctx.names };
  return (answer) => {
    let expr: Expr;
    if (typeof answer === "string") {
      const parsed = parseTree(answer, parseOptions);
      if (!parsed.ok) return null;
      expr = parsed.expr;
    } else {
      expr = answer;
      for (const v of variablesOf(expr)) if (!ctx.index.has(v)) return null;
    }
    evaluator.run(expr, values);
    // A plain loop: Array.from goes through the typed array's iterator, several times slower.
    const out: number[] = [];
    for (let k = 0; k < values.length; k++) out.push(values[k] as number);
    return out;
  };
}

/**
 * Same combined tolerance as grading. Unlike grading (where undefined never agrees), a position where
 * both fingerprints are non-finite counts as matching, so two identical answers that are undefined
 * somewhere still cluster together.
 */
export function fingerprintsEqual(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (agree(x, y)) continue;
    if (!Number.isFinite(x) && !Number.isFinite(y)) continue;
    return false;
  }
  return true;
}
