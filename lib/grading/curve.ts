/**
 * The data for "a plot of the answer against the key" (issue 16): both expressions evaluated along
 * one sampled variable, the others held at a point where the two differ, with the places where they
 * differ marked. Pure, like the rest of the engine; drawing is done elsewhere (and decides what may
 * be shown: the key's curve only once the solution is available).
 */
import { variablesOf, type Expr } from "./ast";
import { buildContext, samplePoints, type Context } from "./context";
import { compileExpr } from "./compile";
import { hashString } from "./prng";
import { parseTree } from "./parser";
import { absoluteFloor, agree } from "./tolerance";
import type { Variable } from "./types";

export type AnswerCurve = {
  /** The variable along the x axis and its range. */
  variable: string;
  range: [number, number];
  /** The other sampled variables and the values they are held at. */
  held: Record<string, number>;
  xs: number[];
  /** Values of the student's answer and of the key (NaN where undefined). */
  answer: number[];
  key: number[];
  /** Per x: -1 answer below the key, 1 above, 0 equal within the grading tolerance or the key undefined there, NaN the ANSWER undefined. */
  sign: number[];
};

/**
 * Evaluates `answer` and `expected` at `samples` evenly spaced values of one sampled variable
 * (`options.variable`, else the first sampled variable either expression depends on). The others
 * are held at the first of 20 seeded points where the two differ (so the plot shows a difference),
 * else at the middle of their ranges. Returns null when either does not parse or no variable fits.
 */
export function answerCurve(
  answer: string,
  expected: string,
  variables: readonly Variable[],
  options: { variable?: string; samples?: number } = {},
): AnswerCurve | null {
  const built = buildContext(variables);
  if (!built.ok) return null;
  const ctx = built.ctx;
  if (ctx.matrix !== undefined) return null; // matrix steps (issue 15) have no curve along one variable
  const a = parseTree(answer, { variables: ctx.names });
  const k = parseTree(expected, { variables: ctx.names });
  if (!a.ok || !k.ok) return null;
  const uses = baseOf(ctx, [a.expr, k.expr]);
  // Only a continuous variable can be an axis (values/integer variables take a few values only).
  const axis = ctx.sampled.find((s) => s.values === undefined && s.integer !== true && (options.variable ? s.name === options.variable : uses.has(s.name)));
  if (!axis) return null;
  const fa = compileExpr(a.expr, ctx.index);
  const fk = compileExpr(k.expr, ctx.index);

  // Hold the other variables where the answers differ (deterministic: seeded by both texts).
  const sample = samplePoints(ctx, hashString(`${answer}\u0000${expected}`), 20, 200, () => true);
  const keyValues = sample.points.map((env) => fk(env));
  const floor = absoluteFloor(keyValues);
  const differing = sample.points.find((env, i) => !agree(fa(env), keyValues[i] as number, floor));
  const held = new Float64Array(ctx.names.length);
  for (const s of ctx.sampled) held[s.i] = differing ? (differing[s.i] as number) : s.values !== undefined ? (s.values[0] as number) : s.integer === true ? Math.round((s.lo + s.hi) / 2) : (s.lo + s.hi) / 2;

  const n = Math.max(2, Math.min(400, options.samples ?? 121));
  const xs: number[] = [];
  const ya: number[] = [];
  const yk: number[] = [];
  const sign: number[] = [];
  const env = new Float64Array(held);
  for (let j = 0; j < n; j++) {
    const x = axis.lo + ((axis.hi - axis.lo) * j) / (n - 1);
    env[axis.i] = x;
    for (const d of ctx.defs) env[d.i] = d.f(env);
    const va = fa(env);
    const vk = fk(env);
    xs.push(x);
    ya.push(va);
    yk.push(vk);
    // Where only the key is undefined, say nothing (0): "undefined" there would show the key's poles.
    sign.push(!Number.isFinite(va) ? NaN : !Number.isFinite(vk) || agree(va, vk, floor) ? 0 : Math.sign(va - vk));
  }
  const heldOut: Record<string, number> = {};
  for (const s of ctx.sampled) if (s.i !== axis.i && uses.has(s.name)) heldOut[s.name] = held[s.i] as number;
  return { variable: axis.name, range: [axis.lo, axis.hi], held: heldOut, xs, answer: ya, key: yk, sign };
}

/** The sampled variables the expressions depend on, directly or through definitions. */
function baseOf(ctx: Context, exprs: Expr[]): Set<string> {
  const out = new Set<string>();
  for (const e of exprs) for (const v of variablesOf(e)) for (const b of ctx.base.get(v) ?? [v]) out.add(b);
  return out;
}
