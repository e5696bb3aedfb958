/**
 * The variables of a matrix exercise (issue 15): dimensions, matrices with entries from a range, a
 * finite set or one-hot columns, scalars, and definitions whose shapes are inferred. Built by
 * context.ts buildContext when any variable has a `shape` (or `onehot`).
 *
 * Each grading point first draws the dimensions — all dimension variables pairwise distinct whenever
 * their ranges allow, so an n×m answer can never pass for m×n — then every entry, then evaluates the
 * definitions in dependency order.
 */
import { variablesOf, type Expr } from "./ast";
import { compileMatrix, scalarMat, type Mat, type MatEvaluator } from "./matrix";
import { parseTree } from "./parser";
import { SCALAR, shapeText, type Dim, type MatrixParseInfo, type Shape } from "./shape";
import type { AuthoringIssue, Variable } from "./types";

export type MatVar = {
  name: string;
  i: number;
  shape: Shape;
  kind: "range" | "values" | "integer" | "onehot" | "definition";
  lo: number;
  hi: number;
  values?: readonly number[];
  /** Definitions: the checked tree, its node shapes and the compiled evaluator. */
  expr?: Expr;
  f?: MatEvaluator;
};

export type MatrixContext = {
  /** By variable index. */
  vars: MatVar[];
  /** Dimension variables (integers named in a shape), drawn first: narrowest range first. */
  dims: MatVar[];
  /** Other drawn variables, in declaration order. */
  drawn: MatVar[];
  /** Definitions in evaluation order. */
  defs: MatVar[];
  /** What the parser needs: shapes of all names (definitions' inferred), display LaTeX. */
  info: MatrixParseInfo;
  /** For each variable: the drawn non-dimension variables it depends on. */
  base: Map<string, Set<string>>;
};

const isDimName = (d: Dim): d is string => typeof d === "string";

/**
 * Builds the matrix context, or authoring issues (paths like the scalar context's). `names` and
 * `index` are the declared names (already checked: identifiers, no duplicates).
 */
export function buildMatrixContext(
  variables: readonly Variable[],
  names: string[],
  index: Map<string, number>,
): { ok: true; mctx: MatrixContext } | { ok: false; issues: AuthoringIssue[] } {
  const issues: AuthoringIssue[] = [];
  const vars: MatVar[] = new Array<MatVar>(names.length);
  const byName = new Map<string, Variable>(variables.map((v) => [v.name, v]));
  const dimNames = new Set<string>();
  variables.forEach((v, pos) => {
    if (v.shape === undefined) return;
    if (!Array.isArray(v.shape) || v.shape.length !== 2) {
      issues.push({ path: `variables.${pos}.shape`, message: `shape of ${v.name} must be [rows, columns], e.g. ["n", "m"] or ["n", 1]`, severity: "error" });
      return;
    }
    v.shape.forEach((d, j) => {
      if (typeof d === "number") {
        if (!Number.isSafeInteger(d) || d < 1) issues.push({ path: `variables.${pos}.shape.${j}`, message: `a fixed dimension must be a positive integer, not ${d}`, severity: "error" });
        return;
      }
      const dv = byName.get(d);
      if (dv === undefined || !("integer" in dv) || dv.shape !== undefined) {
        issues.push({ path: `variables.${pos}.shape.${j}`, message: `dimension ${JSON.stringify(d)} of ${v.name} must be an integer variable, e.g. {"name": "${d}", "integer": [2, 5]}`, severity: "error" });
        return;
      }
      if (dv.integer[0] < 1) issues.push({ path: `variables.${names.indexOf(d)}.integer`, message: `${d} is a dimension: its range must start at 1 or more`, severity: "error" });
      dimNames.add(d);
    });
  });
  if (issues.length > 0) return { ok: false, issues };

  const defs: { pos: number; v: Variable & { definition: string } }[] = [];
  variables.forEach((v, pos) => {
    const i = index.get(v.name) as number;
    const shape: Shape = v.shape === undefined ? SCALAR : { r: v.shape[0], c: v.shape[1] };
    const base = { name: v.name, i, shape };
    if ("definition" in v && typeof v.definition === "string") {
      if (v.shape !== undefined) {
        issues.push({ path: `variables.${pos}.shape`, message: `the shape of ${v.name} is inferred from its definition: remove "shape"`, severity: "error" });
        return;
      }
      defs.push({ pos, v });
      vars[i] = { ...base, kind: "definition", lo: 0, hi: 0 };
    } else if ("onehot" in v && v.onehot === true) {
      if (v.shape === undefined) issues.push({ path: `variables.${pos}.shape`, message: `one-hot ${v.name} needs a shape [classes, examples], e.g. ["K", "m"]`, severity: "error" });
      else vars[i] = { ...base, kind: "onehot", lo: 0, hi: 1 };
    } else if ("range" in v && Array.isArray(v.range)) {
      const [lo, hi] = v.range;
      if (typeof lo !== "number" || typeof hi !== "number" || !Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
        issues.push({ path: `variables.${pos}.range`, message: `range of ${v.name} must be [min, max] with finite min < max`, severity: "error" });
      } else vars[i] = { ...base, kind: "range", lo, hi };
    } else if ("values" in v && Array.isArray(v.values)) {
      if (v.values.length === 0 || !v.values.every((x) => typeof x === "number" && Number.isFinite(x))) {
        issues.push({ path: `variables.${pos}.values`, message: `values of ${v.name} must be a non-empty list of finite numbers`, severity: "error" });
      } else vars[i] = { ...base, kind: "values", lo: Math.min(...v.values), hi: Math.max(...v.values), values: [...v.values] };
    } else if ("integer" in v && Array.isArray(v.integer)) {
      const [lo, hi] = v.integer;
      if (v.shape !== undefined) issues.push({ path: `variables.${pos}.shape`, message: `an integer variable is a scalar (a dimension or a count): remove "shape" or use "values"`, severity: "error" });
      else if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || !(lo <= hi)) {
        issues.push({ path: `variables.${pos}.integer`, message: `integer of ${v.name} must be [min, max] with integers min ≤ max`, severity: "error" });
      } else vars[i] = { ...base, kind: "integer", lo, hi };
    } else {
      issues.push({ path: `variables.${pos}`, message: `variable ${String(v.name)} needs a range [min, max], values, integer [min, max], onehot or a definition`, severity: "error" });
    }
  });
  if (issues.length > 0) return { ok: false, issues };

  const shapes = new Map<string, Shape>();
  for (const v of vars) if (v.kind !== "definition") shapes.set(v.name, v.shape);
  const latexNames = new Map<string, string>();
  for (const v of variables) if (typeof v.latex === "string" && v.latex.length > 0) latexNames.set(v.name, v.latex);
  const info: MatrixParseInfo = { shapes, latexNames };

  // Dependencies first (parsed without the shape check, which needs the shapes of what they use).
  const uses = new Map<string, string[]>();
  for (const { pos, v } of defs) {
    const parsed = parseTree(v.definition, { variables: names, matrix: info, skipShapeCheck: true });
    if (!parsed.ok) {
      issues.push({ path: `variables.${pos}.definition`, message: `definition of ${v.name}: ${parsed.error.message}`, severity: "error", start: parsed.error.start, end: parsed.error.end });
    } else uses.set(v.name, [...variablesOf(parsed.expr)]);
  }
  if (issues.length > 0) return { ok: false, issues };
  const order: string[] = [];
  const state = new Map<string, 1 | 2>();
  const posOf = new Map(defs.map((d) => [d.v.name, d.pos]));
  const visit = (name: string, stack: string[]): void => {
    const u = uses.get(name);
    if (u === undefined || state.get(name) === 2) return;
    if (state.get(name) === 1) {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      if (!issues.some((x) => x.path === `variables.${posOf.get(name)}.definition`)) {
        issues.push({ path: `variables.${posOf.get(name)}.definition`, message: cycle.length === 2 ? `${name} is defined in terms of itself` : `cyclic definitions: ${cycle.join(" → ")}`, severity: "error" });
      }
      return;
    }
    state.set(name, 1);
    for (const x of u) visit(x, [...stack, name]);
    state.set(name, 2);
    order.push(name);
  };
  for (const { v } of defs) visit(v.name, []);
  if (issues.length > 0) return { ok: false, issues };

  const base = new Map<string, Set<string>>();
  for (const v of vars) if (v.kind !== "definition") base.set(v.name, dimNames.has(v.name) ? new Set() : new Set([v.name]));
  const defVars: MatVar[] = [];
  for (const name of order) {
    const pos = posOf.get(name) as number;
    const v = byName.get(name) as Variable & { definition: string };
    const parsed = parseTree(v.definition, { variables: names, matrix: info });
    if (!parsed.ok || parsed.shapes === undefined) {
      if (!parsed.ok) issues.push({ path: `variables.${pos}.definition`, message: `definition of ${name}: ${parsed.error.message}`, severity: "error", start: parsed.error.start, end: parsed.error.end });
      continue;
    }
    const shape = parsed.shapes.get(parsed.expr) ?? SCALAR;
    shapes.set(name, shape);
    const mv = vars[index.get(name) as number] as MatVar;
    mv.shape = shape;
    mv.expr = parsed.expr;
    mv.f = compileMatrix(parsed.expr, parsed.shapes, index);
    defVars.push(mv);
    const b = new Set<string>();
    for (const u of uses.get(name) ?? []) for (const x of base.get(u) ?? []) b.add(x);
    base.set(name, b);
  }
  if (issues.length > 0) return { ok: false, issues };

  const dims = vars.filter((v) => dimNames.has(v.name)).sort((a, b) => a.hi - a.lo - (b.hi - b.lo));
  const drawn = vars.filter((v) => v.kind !== "definition" && !dimNames.has(v.name));
  return { ok: true, mctx: { vars, dims, drawn, defs: defVars, info, base } };
}

/** Number of rows or columns at a point. */
export function dimValue(d: Dim, env: readonly Mat[], index: ReadonlyMap<string, number>): number {
  return isDimName(d) ? ((env[index.get(d) as number] as Mat).d[0] as number) : d;
}

/**
 * Draws one point: dimensions (pairwise distinct when the ranges allow, narrowest range first), then
 * the other variables in declaration order, then definitions. Returns null when a definition is not
 * finite everywhere (the point is redrawn).
 */
export function drawMatrixPoint(mctx: MatrixContext, index: ReadonlyMap<string, number>, rand: () => number): Mat[] | null {
  const env: Mat[] = new Array<Mat>(mctx.vars.length);
  const used = new Set<number>();
  for (const d of mctx.dims) {
    const free: number[] = [];
    for (let x = d.lo; x <= d.hi && free.length <= 64; x++) if (!used.has(x)) free.push(x);
    const pick = free.length > 0 ? (free[Math.min(free.length - 1, Math.floor(rand() * free.length))] as number) : d.lo + Math.min(d.hi - d.lo, Math.floor(rand() * (d.hi - d.lo + 1)));
    used.add(pick);
    env[d.i] = scalarMat(pick);
  }
  for (const v of mctx.drawn) {
    const r = dimValue(v.shape.r, env, index);
    const c = dimValue(v.shape.c, env, index);
    const data = new Float64Array(r * c);
    switch (v.kind) {
      case "range":
        for (let k = 0; k < data.length; k++) data[k] = v.lo + (v.hi - v.lo) * rand();
        break;
      case "values": {
        const vals = v.values as readonly number[];
        for (let k = 0; k < data.length; k++) data[k] = vals[Math.min(vals.length - 1, Math.floor(rand() * vals.length))] as number;
        break;
      }
      case "integer":
        data[0] = v.lo + Math.min(v.hi - v.lo, Math.floor(rand() * (v.hi - v.lo + 1)));
        break;
      case "onehot":
        for (let j = 0; j < c; j++) data[Math.min(r - 1, Math.floor(rand() * r)) * c + j] = 1;
        break;
      default:
        break;
    }
    env[v.i] = { r, c, d: data };
  }
  for (const v of mctx.defs) {
    const m = (v.f as MatEvaluator)(env);
    for (let k = 0; k < m.d.length; k++) if (!Number.isFinite(m.d[k] as number)) return null;
    env[v.i] = m;
  }
  return env;
}

/** "n = 3, m = 5, b = 0.31" for messages: the dimensions and the scalars drawn at a point. */
export function describeMatrixPoint(mctx: MatrixContext, env: readonly Mat[]): string {
  const parts: string[] = [];
  for (const d of mctx.dims) parts.push(`${d.name} = ${(env[d.i] as Mat).d[0]}`);
  for (const v of mctx.drawn) {
    if (v.shape.r === 1 && v.shape.c === 1) parts.push(`${v.name} = ${Number(((env[v.i] as Mat).d[0] as number).toPrecision(2))}`);
  }
  return parts.join(", ");
}

/** The shape of a variable in words, for messages. */
export function variableShapeText(mctx: MatrixContext, name: string): string {
  const v = mctx.vars.find((x) => x.name === name);
  return v === undefined ? "" : shapeText(v.shape);
}
