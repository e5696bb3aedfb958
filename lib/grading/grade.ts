/**
 * Grading: compile a step once (points, expected and mistake values), then grade many answers.
 */
import { variablesOf, type Expr } from "./ast";
import { compileExpr, PointEvaluator, type Evaluator } from "./compile";
import { baseVariables, buildContext, describePoint, samplePoints, type Context } from "./context";
import { GRADING_DEFAULTS, type GradingOptions } from "./defaults";
import { visitKinks } from "./functions";
import { toLatex } from "./latex";
import { parseTree, type ParseOptions } from "./parser";
import { printCanonical } from "./print";
import { hashString } from "./prng";
import { boundedValue, CERTAINLY_UNDEFINED, preciseAgree, preciseCtor, preciseEnv, preciseValue, type PreciseCtor, type PreciseMeter } from "./precise";
import { absoluteFloor, agree, allAgree, countAgreeing } from "./tolerance";
import type Decimal from "decimal.js";
import type { AuthoringIssue, FormRequirement, GradeResult, StepKey, Variable } from "./types";
import { checkForm, constantDifference, constantRatio, fmtUnlike, incorrectResult } from "./diagnose";
import { compileMatrixStep, MatrixStep } from "./matrix-step";

export { checkForm };

/** Unit roundoff of doubles. */
const U = 2 ** -53;
/**
 * The first-order error bounds of precise.ts ignore second-order terms and library functions that are
 * off by a few ulps more than assumed: a disagreement counts as real without Decimal confirmation only
 * beyond the tolerance plus this multiple of the bounds.
 */
const ROUNDING_SAFETY = 16;

type CompiledMistake = { expr: Expr; values: Float64Array; feedback: string; usable: boolean };

/** Default seed: derived from the canonical expected answer and the variables, never from the answer. */
export function defaultSeed(canonicalExpected: string, variablesKey: string): number {
  return hashString(`${canonicalExpected}|${variablesKey}`);
}

export class CompiledStep {
  readonly ok = true as const;
  readonly allowed: string[];
  private readonly allowedSet: ReadonlySet<string>;
  readonly expectedValues: Float64Array;
  readonly mistakes: CompiledMistake[];
  private readonly expectedBase: Set<string>;
  private readonly scratch: Float64Array;
  /** Parse options of grade(), built once (the parser caches its Sets per name list). */
  private readonly parseOptions: ParseOptions;
  /** Evaluates an answer's tree at all points in one pass (built once per step). */
  private readonly pointEvaluator: PointEvaluator;
  /** Candidate points that were redrawn because the key (or a definition) was undefined there. */
  rejected: Float64Array[] = [];
  attempts = 0;
  /**
   * Absolute part of the tolerance for this step: a fraction of the key's RMS over the points
   * (tolerance.ts absoluteFloor, issue 12 kind 2).
   */
  readonly floor: number;
  /** Per point: rounding-error bounds of every variable's double value (0 for sampled ones). */
  private readonly varErr: Float64Array[];
  /** Per point: rounding-error bound of the key's double value. */
  private readonly keyErr: Float64Array;
  /**
   * Points where the key's double value was replaced by its Decimal value, because doubles could
   * not compute it (non-finite, e.g. log(1 − σ(40))) or not to the tolerance (cancellation).
   */
  readonly precisePoints: number[] = [];
  private readonly D: PreciseCtor = preciseCtor();
  private readonly preciseEnvs: (Decimal[] | undefined)[];
  private readonly preciseKeys: (Decimal | undefined)[];

  constructor(
    readonly ctx: Context,
    readonly step: StepKey,
    readonly expected: Expr,
    readonly seed: number,
    /** One Float64Array of all variable values per point. */
    readonly points: Float64Array[],
    mistakes: { expr: Expr; feedback: string }[],
    readonly form: FormRequirement | undefined,
  ) {
    this.allowed = step.allowedVariables ?? ctx.names;
    this.allowedSet = new Set(this.allowed);
    this.parseOptions = { variables: this.allowed, declared: ctx.names };
    this.expectedValues = this.evaluate(compileExpr(expected, ctx.index));
    const n = points.length;
    this.preciseEnvs = new Array<Decimal[] | undefined>(n);
    this.preciseKeys = new Array<Decimal | undefined>(n);
    this.varErr = points.map((p) => {
      const err = new Float64Array(ctx.names.length);
      for (const d of ctx.defs) err[d.i] = boundedValue(d.expr, p, err, ctx.index)[1];
      return err;
    });
    this.keyErr = new Float64Array(n);
    const expectedValues = this.expectedValues;
    for (let k = 0; k < n; k++) {
      const [v, err] = boundedValue(expected, points[k] as Float64Array, this.varErr[k] as Float64Array, ctx.index);
      // Where doubles cannot compute the key to well within the tolerance, store its Decimal value
      // instead (rounded to a double), so answers in a stable form agree without a confirmation.
      if (!Number.isFinite(v) || ROUNDING_SAFETY * err > 1e-3 * GRADING_DEFAULTS.relativeTolerance * Math.abs(v)) {
        const precise = this.preciseKey(k).toNumber();
        if (Number.isFinite(precise)) {
          expectedValues[k] = precise;
          this.keyErr[k] = U * Math.abs(precise);
          this.precisePoints.push(k);
          continue;
        }
      }
      this.keyErr[k] = err;
    }
    this.floor = absoluteFloor(expectedValues);
    this.mistakes = mistakes.map((m) => {
      const values = this.evaluate(compileExpr(m.expr, ctx.index));
      // Like the key: a mistake that is log(0) only in doubles (log(1 − σ(40))) takes its Decimal value.
      for (let k = 0; k < n; k++) {
        if (!Number.isFinite(values[k] as number)) values[k] = preciseValue(m.expr, this.preciseEnvAt(k), ctx.index, this.D).toNumber();
      }
      return { expr: m.expr, feedback: m.feedback, values, usable: values.every(Number.isFinite) };
    });
    this.expectedBase = baseVariables(ctx, variablesOf(expected));
    this.scratch = new Float64Array(points.length);
    this.pointEvaluator = new PointEvaluator(points, ctx.index);
  }

  /**
   * Decimal values (precisionDigits digits) of all variables at point k, by variable index: sampled
   * ones as drawn, definitions re-evaluated in Decimal. Computed once per point, on first need.
   */
  preciseEnvAt(k: number): Decimal[] {
    let env = this.preciseEnvs[k];
    if (env === undefined) {
      env = preciseEnv(this.ctx, this.points[k] as Float64Array, this.D);
      this.preciseEnvs[k] = env;
    }
    return env;
  }

  /** Decimal value of the key at point k (computed once per point, on first need). */
  private preciseKey(k: number): Decimal {
    let v = this.preciseKeys[k];
    if (v === undefined) {
      v = preciseValue(this.expected, this.preciseEnvAt(k), this.ctx.index, this.D);
      this.preciseKeys[k] = v;
    }
    return v;
  }

  /**
   * Confirms the points where the double comparison failed (issue 12 kind 3). At each such point, in
   * order: if the difference exceeds the tolerance plus ROUNDING_SAFETY × the rounding-error bounds of
   * answer and key, the disagreement is real and confirmation stops (the answer is incorrect: one
   * confirmed point is enough). Otherwise the answer is re-evaluated with decimal.js; if it agrees
   * with the key there, values[k] is set to the key's value (so the diagnosis sees agreement) and the
   * next failing point is checked. Returns the number of points confirmed as agreeing.
   */
  private confirm(expr: Expr, values: Float64Array, meter: PreciseMeter): number {
    const expected = this.expectedValues;
    const floor = this.floor;
    let confirmed = 0;
    for (let k = 0; k < values.length; k++) {
      const a = values[k] as number;
      const b = expected[k] as number;
      if (agree(a, b, floor)) continue;
      const point = this.points[k] as Float64Array;
      const [, errA] = boundedValue(expr, point, this.varErr[k] as Float64Array, this.ctx.index);
      if (errA === CERTAINLY_UNDEFINED) return confirmed; // e.g. log(z) at z < 0: no Decimal needed
      if (Number.isFinite(a)) {
        const slack = ROUNDING_SAFETY * (errA + (this.keyErr[k] as number));
        if (Math.abs(a - b) > floor + GRADING_DEFAULTS.relativeTolerance * Math.max(Math.abs(a), Math.abs(b)) + slack) return confirmed;
      }
      const precise = preciseValue(expr, this.preciseEnvAt(k), this.ctx.index, this.D, meter);
      if (!preciseAgree(precise, this.preciseKey(k), floor)) return confirmed;
      values[k] = b;
      confirmed++;
    }
    return confirmed;
  }

  evaluate(f: Evaluator, out: Float64Array = new Float64Array(this.points.length)): Float64Array {
    const pts = this.points;
    for (let k = 0; k < pts.length; k++) out[k] = f(pts[k] as Float64Array);
    return out;
  }

  /** Values of an answer at this step's points (NaN/±∞ where undefined); null if invalid. */
  fingerprint(answer: string | Expr): number[] | null {
    const expr = typeof answer === "string" ? parseTree(answer, { variables: this.ctx.names }) : { ok: true as const, expr: answer };
    if (!expr.ok) return null;
    for (const v of variablesOf(expr.expr)) if (!this.ctx.index.has(v)) return null;
    return Array.from(this.evaluate(compileExpr(expr.expr, this.ctx.index)));
  }

  grade(answer: string): GradeResult {
    const parsed = parseTree(answer, this.parseOptions);
    if (!parsed.ok) return { verdict: "invalid", error: parsed.error };
    // The parser only creates variable nodes for names in `variables` (= this.allowed), so the
    // whitelist check of gradeParsed cannot fail here.
    return this.gradeValid(parsed.expr);
  }

  gradeParsed(expr: Expr): GradeResult {
    const allowed = this.allowedSet;
    const bad = findVariable(expr, allowed);
    if (bad !== null) {
      return {
        verdict: "invalid",
        error: { message: `${bad.name} can't be used in this step: you can use ${[...allowed].sort().join(", ")}`, start: bad.start, end: bad.end },
      };
    }
    return this.gradeValid(expr);
  }

  /** Grade a tree whose variables are all allowed in this step. */
  private gradeValid(expr: Expr): GradeResult {
    const latex = toLatex(expr);
    const canonical = printCanonical(expr);
    const seed = this.seed;
    const values = this.pointEvaluator.run(expr, this.scratch);
    const expected = this.expectedValues;
    const n = values.length;
    let agreeing = countAgreeing(values, expected, this.floor);
    // Doubles disagree somewhere: rule out rounding before saying "incorrect" (cheap bound first,
    // decimal.js only where the bound cannot decide).
    if (agreeing < n) {
      const meter: PreciseMeter = { calls: GRADING_DEFAULTS.preciseCallBudget };
      agreeing += this.confirm(expr, values, meter);
      if (agreeing < n) return this.diagnose(expr, values, agreeing, latex, canonical, meter);
    }
    const formProblem = checkForm(expr, this.form);
    if (formProblem !== null) return incorrectResult("form", `Equivalent, but ${formProblem}`, latex, canonical, seed);
    return { verdict: "correct", feedback: "Correct.", latex, canonical, seed };
  }

  private diagnose(expr: Expr, values: Float64Array, agreeing: number, latex: string, canonical: string, meter: PreciseMeter): GradeResult {
    const seed = this.seed;
    const floor = this.floor;
    const expected = this.expectedValues;
    const n = values.length;

    // 0. Doubles overflow or cancel to log(0) where the answer is defined (log(1 − σ(40))): where the
    // Decimal value is finite it replaces the double for the diagnoses below (known mistakes get the
    // same treatment at compile time); only a point undefined in Decimal too counts as undefined.
    let undefinedAt = -1;
    for (let k = 0; k < n; k++) {
      if (Number.isFinite(values[k] as number)) continue;
      const certain = boundedValue(expr, this.points[k] as Float64Array, this.varErr[k] as Float64Array, this.ctx.index)[1] === CERTAINLY_UNDEFINED;
      const precise = certain ? NaN : preciseValue(expr, this.preciseEnvAt(k), this.ctx.index, this.D, meter).toNumber();
      if (Number.isFinite(precise)) values[k] = precise;
      else if (undefinedAt < 0) undefinedAt = k;
    }

    // 1. Known mistakes, in the author's order.
    for (let m = 0; m < this.mistakes.length; m++) {
      const mistake = this.mistakes[m] as CompiledMistake;
      if (mistake.usable && allAgree(values, mistake.values, floor)) {
        return incorrectResult("known-mistake", mistake.feedback, latex, canonical, seed, m);
      }
    }

    // 2. Undefined where the expected answer is defined.
    if (undefinedAt >= 0) {
      const used = baseVariables(this.ctx, variablesOf(expr));
      return incorrectResult(
        "non-finite",
        `Your answer is undefined at ${describePoint(this.ctx, this.points[undefinedAt] as Float64Array, used)}, where the correct answer is defined.`,
        latex,
        canonical,
        seed,
      );
    }

    // 3. Opposite sign.
    let opposite = true;
    for (let k = 0; k < n && opposite; k++) opposite = agree(values[k] as number, -(expected[k] as number), floor);
    if (opposite) {
      return incorrectResult(
        "opposite-sign",
        "Your answer has the opposite sign: check the signs, e.g. a minus from the chain rule.",
        latex,
        canonical,
        seed,
      );
    }

    // 4. Constant factor. A factor within 1% of ±1 is most likely a rounded constant (0.3989 for
    // 1/sqrt(2π)): say so, and print enough digits that it does not read as "1 times".
    const factor = constantRatio(values, expected, floor);
    if (factor !== null) {
      const nearOne = Math.abs(Math.abs(factor) - 1) < 0.01;
      return incorrectResult(
        "constant-factor",
        nearOne
          ? `Your answer is off by a constant factor very close to ${factor > 0 ? "1" : "-1"} (yours is about ${fmtUnlike(factor, Math.sign(factor))} times the correct value): did you use a rounded constant? Write exact values such as sqrt(2*pi) or 1/3.`
          : `Your answer is off by a constant factor (yours is about ${fmtUnlike(factor, Math.sign(factor))} times the correct value): check for a missing or extra factor.`,
        latex,
        canonical,
        seed,
      );
    }

    // 5. Constant offset.
    const offset = constantDifference(values, expected, floor);
    if (offset !== null) {
      return incorrectResult(
        "constant-offset",
        `Your answer is off by a constant (about ${fmtUnlike(offset, 0)}): check for a missing or extra constant term.`,
        latex,
        canonical,
        seed,
      );
    }

    // 6. A variable the correct answer does not depend on.
    const used = baseVariables(this.ctx, variablesOf(expr));
    const extra = [...used].filter((v) => !this.expectedBase.has(v));
    if (extra.length > 0) {
      const list = extra.join(", ");
      return incorrectResult(
        "unexpected-variable",
        `Your answer depends on ${list}, but the correct answer does not depend on ${extra.length === 1 ? "it" : "them"}.`,
        latex,
        canonical,
        seed,
      );
    }

    // 7. Correct at some points only.
    if (agreeing > 0) {
      let k = 0;
      while (k < n && agree(values[k] as number, expected[k] as number, floor)) k++;
      return incorrectResult(
        "partly-correct",
        `Your answer agrees with the correct one at some points but not everywhere, e.g. not at ${describePoint(this.ctx, this.points[k] as Float64Array)}.`,
        latex,
        canonical,
        seed,
      );
    }

    return incorrectResult("none", `That is not equal to the correct expression (compared at ${n} points).`, latex, canonical, seed);
  }
}

function findVariable(e: Expr, allowed: ReadonlySet<string>): (Expr & { type: "variable" }) | null {
  switch (e.type) {
    case "variable":
      return allowed.has(e.name) ? null : e;
    case "neg":
      return findVariable(e.arg, allowed);
    case "binary":
      return findVariable(e.left, allowed) ?? findVariable(e.right, allowed);
    case "call":
      for (const a of e.args) {
        const r = findVariable(a, allowed);
        if (r !== null) return r;
      }
      return null;
    default:
      return null;
  }
}

export type CompileFailure = { ok: false; errors: AuthoringIssue[] };

/** A compiled step of either kind: scalar (CompiledStep) or matrix (MatrixStep, issue 15). Both grade(text). */
export type GradableStep = CompiledStep | MatrixStep;
export { MatrixStep };

/**
 * Compile a step: parse the key and mistakes, sample the points (resampling where the key is
 * undefined), evaluate the key and mistakes there. `pathPrefix` is used in issue paths ("steps.0").
 */
export function compileStep(
  step: StepKey,
  variables: readonly Variable[],
  options: GradingOptions = {},
  pathPrefix = "step",
): GradableStep | CompileFailure {
  const built = buildContext(variables);
  if (!built.ok) return { ok: false, errors: built.issues };
  return compileStepInContext(built.ctx, step, options, pathPrefix);
}

export function compileStepInContext(
  ctx: Context,
  step: StepKey,
  options: GradingOptions = {},
  pathPrefix = "step",
): GradableStep | CompileFailure {
  const errors: AuthoringIssue[] = [];
  if (step === null || typeof step !== "object" || typeof step.expected !== "string") {
    return { ok: false, errors: [{ path: `${pathPrefix}.expected`, message: "the expected answer is missing", severity: "error" }] };
  }
  if (step.allowedVariables !== undefined) {
    if (!Array.isArray(step.allowedVariables)) {
      errors.push({ path: `${pathPrefix}.allowedVariables`, message: "allowedVariables must be a list of variable names", severity: "error" });
    } else {
      step.allowedVariables.forEach((v, j) => {
        if (!ctx.index.has(v)) {
          errors.push({ path: `${pathPrefix}.allowedVariables.${j}`, message: `allowedVariables names ${String(v)}, which is not a declared variable`, severity: "error" });
        }
      });
    }
  }
  if (ctx.matrix !== undefined) return compileMatrixStep(ctx, step, options, pathPrefix, errors);
  const expected = parseTree(step.expected, { variables: ctx.names });
  if (!expected.ok) {
    errors.push({ path: `${pathPrefix}.expected`, message: `expected answer: ${expected.error.message}`, severity: "error", start: expected.error.start, end: expected.error.end });
  }
  const mistakes: { expr: Expr; feedback: string }[] = [];
  (step.mistakes ?? []).forEach((m, j) => {
    const parsed = parseTree(m?.expression, { variables: ctx.names });
    if (!parsed.ok) {
      errors.push({ path: `${pathPrefix}.mistakes.${j}.expression`, message: `known mistake: ${parsed.error.message}`, severity: "error", start: parsed.error.start, end: parsed.error.end });
    } else mistakes.push({ expr: parsed.expr, feedback: typeof m.feedback === "string" ? m.feedback : "" });
  });
  if (!expected.ok || errors.length > 0) return { ok: false, errors };

  const count = Math.max(1, Math.floor(options.points ?? GRADING_DEFAULTS.points));
  const seed = (options.seed ?? defaultSeed(printCanonical(expected.expr), ctx.key)) >>> 0;
  const f = compileExpr(expected.expr, ctx.index);
  const nearKink = kinkTest(expected.expr, ctx.index);
  const D = preciseCtor();
  const keyExpr = expected.expr;
  // A candidate is usable where the key is defined: in doubles, or else (log(1 − σ(40)) is log(0) in
  // doubles) in Decimal with a value a double can hold. Only points where the key is genuinely
  // undefined are redrawn. Points next to a kink of the key are redrawn too.
  const usable = (env: Float64Array): boolean => {
    if (nearKink !== null && nearKink(env)) return false;
    if (Number.isFinite(f(env))) return true;
    return Number.isFinite(preciseValue(keyExpr, preciseEnv(ctx, env, D), ctx.index, D).toNumber());
  };
  const sample = samplePoints(ctx, seed, count, count * GRADING_DEFAULTS.maxAttemptsPerPoint, usable);
  if (sample.points.length < count) {
    const where = sample.rejected[0] !== undefined ? ` (e.g. at ${describePoint(ctx, sample.rejected[0])})` : "";
    return {
      ok: false,
      errors: [
        {
          path: `${pathPrefix}.expected`,
          message: `too few usable points: the expected answer is defined at only ${sample.points.length} of ${sample.attempts} sample points${where}; check the variable ranges`,
          severity: "error",
        },
      ],
    };
  }
  const compiled = new CompiledStep(ctx, step, expected.expr, seed, sample.points, mistakes, step.form);
  compiled.rejected = sample.rejected;
  compiled.attempts = sample.attempts;
  return compiled;
}

/**
 * A test "is this point within kinkMargin of a kink of e?" for the non-smooth functions of e (spec
 * `kink` in functions.ts), or null when e has none. For an argument l ± r the margin is relative to
 * |l| + |r| (the size rounding acts on); for any other argument only an exact 0 is a kink point.
 */
function kinkTest(e: Expr, index: ReadonlyMap<string, number>): ((env: Float64Array) => boolean) | null {
  const tests: ((env: Float64Array) => boolean)[] = [];
  const margin = GRADING_DEFAULTS.kinkMargin;
  const near = (u: number, v: number): boolean => Math.abs(u - v) <= margin * (Math.abs(u) + Math.abs(v));
  visitKinks(e, (x, kind) => {
    const arg = x.args[0];
    if (kind === "zero" && arg !== undefined) {
      if (arg.type === "binary" && (arg.op === "+" || arg.op === "-")) {
        const l = compileExpr(arg.left, index);
        const r = compileExpr(arg.right, index);
        tests.push(arg.op === "-" ? (env) => near(l(env), r(env)) : (env) => near(l(env), -r(env)));
      } else {
        const g = compileExpr(arg, index);
        tests.push((env) => g(env) === 0);
      }
    } else if (kind === "equal") {
      const gs = x.args.map((a) => compileExpr(a, index));
      tests.push((env) => {
        const vs = gs.map((g) => g(env));
        for (let i = 0; i < vs.length; i++) for (let j = i + 1; j < vs.length; j++) if (near(vs[i] as number, vs[j] as number)) return true;
        return false;
      });
    }
  });
  return tests.length === 0 ? null : (env) => tests.some((t) => t(env));
}

const cache = new Map<string, GradableStep | CompileFailure>();

function cachedCompile(step: StepKey, variables: readonly Variable[], options: GradingOptions): GradableStep | CompileFailure {
  let key: string;
  try {
    key = JSON.stringify([variables, step.expected, step.mistakes ?? null, step.allowedVariables ?? null, step.form ?? null, options.seed ?? null, options.points ?? null]);
  } catch {
    return compileStep(step, variables, options);
  }
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const compiled = compileStep(step, variables, options);
  cache.set(key, compiled);
  if (cache.size > GRADING_DEFAULTS.cacheSize) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return compiled;
}

/** Grade one answer. Compiled steps are cached (LRU), so repeated calls with the same key are cheap. */
export function gradeAnswer(answer: string, step: StepKey, variables: readonly Variable[], options: GradingOptions = {}): GradeResult {
  const compiled = cachedCompile(step, variables, options);
  if (!compiled.ok) return { verdict: "error", message: compiled.errors.map((e) => e.message).join("; ") };
  return compiled.grade(answer);
}
