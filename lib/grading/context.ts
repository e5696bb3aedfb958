/**
 * The variable context of an exercise: sampled variables (uniform on their range) and defined ones
 * (a = sigma(z)), evaluated in dependency order. Cycles and bad definitions are authoring errors.
 */
import { variablesOf, type Expr } from "./ast";
import { compileExpr, type Evaluator } from "./compile";
import { parseTree } from "./parser";
import { mulberry32 } from "./prng";
import type { AuthoringIssue, Variable } from "./types";

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

export type Context = {
  /** Declared names, in declaration order. */
  names: string[];
  index: Map<string, number>;
  sampled: { i: number; name: string; lo: number; hi: number }[];
  /** Definitions in evaluation order (the tree too, for the high-precision evaluator). */
  defs: { i: number; name: string; f: Evaluator; expr: Expr }[];
  /** For each variable: the sampled variables it ultimately depends on. */
  base: Map<string, Set<string>>;
  /** Stable text key of the variable list (for seeds and caches). */
  key: string;
};

export function variablesKey(variables: readonly Variable[]): string {
  return JSON.stringify(
    variables.map((v) => ("range" in v ? [v.name, v.range[0], v.range[1]] : [v.name, v.definition])),
  );
}

export function buildContext(variables: readonly Variable[]): { ok: true; ctx: Context } | { ok: false; issues: AuthoringIssue[] } {
  const issues: AuthoringIssue[] = [];
  const names: string[] = [];
  const index = new Map<string, number>();
  if (!Array.isArray(variables) || variables.length === 0) {
    return { ok: false, issues: [{ path: "variables", message: "declare at least one variable", severity: "error" }] };
  }
  variables.forEach((v, i) => {
    const name = v?.name;
    if (typeof name !== "string" || !IDENTIFIER.test(name)) {
      issues.push({ path: `variables.${i}.name`, message: `invalid variable name ${JSON.stringify(name)}: start with a letter, then letters, digits or _`, severity: "error" });
      return;
    }
    if (index.has(name)) {
      issues.push({ path: `variables.${i}.name`, message: `duplicate variable ${name}`, severity: "error" });
      return;
    }
    index.set(name, names.length);
    names.push(name);
  });
  if (issues.length > 0) return { ok: false, issues };

  const sampled: Context["sampled"] = [];
  const deps = new Map<string, { expr: ReturnType<typeof parseTree>; uses: string[]; pos: number }>();
  variables.forEach((v, pos) => {
    const i = index.get(v.name) as number;
    if ("range" in v && Array.isArray(v.range)) {
      const [lo, hi] = v.range;
      if (typeof lo !== "number" || typeof hi !== "number" || !Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
        issues.push({ path: `variables.${pos}.range`, message: `range of ${v.name} must be [min, max] with finite min < max`, severity: "error" });
      } else sampled.push({ i, name: v.name, lo, hi });
    } else if ("definition" in v && typeof v.definition === "string") {
      const parsed = parseTree(v.definition, { variables: names });
      if (!parsed.ok) {
        issues.push({ path: `variables.${pos}.definition`, message: `definition of ${v.name}: ${parsed.error.message}`, severity: "error", start: parsed.error.start, end: parsed.error.end });
      } else deps.set(v.name, { expr: parsed, uses: [...variablesOf(parsed.expr)], pos });
    } else {
      issues.push({ path: `variables.${pos}`, message: `variable ${String(v.name)} needs either a range [min, max] or a definition`, severity: "error" });
    }
  });
  if (issues.length > 0) return { ok: false, issues };

  // Topological order of definitions; report cycles.
  const state = new Map<string, 1 | 2>();
  const order: string[] = [];
  const cycleReported = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    const d = deps.get(name);
    if (d === undefined) return; // sampled
    const s = state.get(name);
    if (s === 2) return;
    if (s === 1) {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      if (!cycleReported.has(name)) {
        cycle.forEach((n) => cycleReported.add(n));
        issues.push({
          path: `variables.${d.pos}.definition`,
          message: cycle.length === 2 ? `${name} is defined in terms of itself` : `cyclic definitions: ${cycle.join(" → ")}`,
          severity: "error",
        });
      }
      return;
    }
    state.set(name, 1);
    for (const u of d.uses) visit(u, [...stack, name]);
    state.set(name, 2);
    order.push(name);
  };
  for (const name of deps.keys()) visit(name, []);
  if (issues.length > 0) return { ok: false, issues };

  const base = new Map<string, Set<string>>();
  for (const s of sampled) base.set(s.name, new Set([s.name]));
  const defs: Context["defs"] = [];
  for (const name of order) {
    const d = deps.get(name);
    if (d === undefined || !d.expr.ok) continue;
    const b = new Set<string>();
    for (const u of d.uses) for (const x of base.get(u) ?? []) b.add(x);
    base.set(name, b);
    defs.push({ i: index.get(name) as number, name, f: compileExpr(d.expr.expr, index), expr: d.expr.expr });
  }
  return { ok: true, ctx: { names, index, sampled, defs, base, key: variablesKey(variables) } };
}

/** Sampled variables an expression ultimately depends on. */
export function baseVariables(ctx: Context, used: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const u of used) for (const x of ctx.base.get(u) ?? []) out.add(x);
  return out;
}

export type Sample = { points: Float64Array[]; rejected: Float64Array[]; attempts: number };

/**
 * Draws candidate points from a seeded PRNG until `count` are accepted or `maxAttempts` are used.
 * A candidate is rejected when a definition is not finite there or `accept` says no.
 */
export function samplePoints(
  ctx: Context,
  seed: number,
  count: number,
  maxAttempts: number,
  accept: (env: Float64Array) => boolean,
): Sample {
  const rand = mulberry32(seed);
  const points: Float64Array[] = [];
  const rejected: Float64Array[] = [];
  let attempts = 0;
  while (points.length < count && attempts < maxAttempts) {
    attempts++;
    const env = new Float64Array(ctx.names.length);
    for (const s of ctx.sampled) env[s.i] = s.lo + (s.hi - s.lo) * rand();
    let ok = true;
    for (const d of ctx.defs) {
      const v = d.f(env);
      env[d.i] = v;
      if (!Number.isFinite(v)) ok = false;
    }
    if (ok && accept(env)) points.push(env);
    else if (rejected.length < 5) rejected.push(env);
  }
  return { points, rejected, attempts };
}

/** "z = 0.31, y = 0.52" for messages. */
export function describePoint(ctx: Context, env: Float64Array, only?: ReadonlySet<string>): string {
  const vars = ctx.sampled.filter((s) => only === undefined || only.size === 0 || only.has(s.name));
  return (vars.length > 0 ? vars : ctx.sampled)
    .map((s) => `${s.name} = ${Number((env[s.i] as number).toPrecision(2))}`)
    .join(", ");
}
