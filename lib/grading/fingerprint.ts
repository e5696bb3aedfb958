/**
 * Numeric fingerprints for wrong-answer clustering: the values of an answer at one fixed set of
 * points. `x*(1-x)` and `x - x^2` get the same fingerprint; so do two spellings of the same mistake.
 */
import { variablesOf, type Expr } from "./ast";
import { compileExpr } from "./compile";
import { buildContext, samplePoints, variablesKey, type Context } from "./context";
import { GRADING_DEFAULTS, type GradingOptions } from "./defaults";
import { parseTree } from "./parser";
import { hashString } from "./prng";
import { agree } from "./tolerance";
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
  let expr: Expr;
  if (typeof answer === "string") {
    const parsed = parseTree(answer, { variables: ctx.names });
    if (!parsed.ok) return null;
    expr = parsed.expr;
  } else {
    expr = answer;
    for (const v of variablesOf(expr)) if (!ctx.index.has(v)) return null;
  }
  const count = Math.max(1, Math.floor(options.points ?? GRADING_DEFAULTS.points));
  const seed = (options.seed ?? hashString(`fingerprint|${ctx.key}`)) >>> 0;
  const pkey = `${seed}|${count}`;
  let points = entry.points.get(pkey);
  if (points === undefined) {
    points = samplePoints(ctx, seed, count, count * GRADING_DEFAULTS.maxAttemptsPerPoint, () => true).points;
    entry.points.set(pkey, points);
  }
  const f = compileExpr(expr, ctx.index);
  return points.map((p) => f(p));
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
