/**
 * Grading of matrix steps (issue 15): the key, the known mistakes and every answer are shape-checked
 * when parsed (shape.ts); an answer whose shape differs from the key's is invalid with a message in
 * the student's terms. Valid answers are evaluated as matrices (matrix.ts) at `points` points; each
 * point draws the dimensions, then the entries (matrix-context.ts). Values of all points are laid
 * end to end in one Float64Array and compared entry by entry with the scalar tolerance (tolerance.ts:
 * floor = 1e-9 × RMS of the key's entries, relative 1e-6).
 *
 * Feedback for an incorrect answer, in order: known mistake, undefined somewhere, opposite sign,
 * constant factor, off by a factor of a dimension ("off by a factor of m": a forgotten 1/m), constant
 * offset, the transpose of the right answer (square keys), a variable the key does not depend on,
 * correct at some points only, neutral. Doubles only: the decimal.js confirmation of scalar steps
 * (precise.ts) is not applied to matrices (ML keys over sensible ranges do not cancel 10 digits).
 */
import { variablesOf, type Expr } from "./ast";
import type { Context } from "./context";
import { GRADING_DEFAULTS, type GradingOptions } from "./defaults";
import { checkForm, constantDifference, constantRatio, fmtUnlike, incorrectResult } from "./diagnose";
import { visitKinks } from "./functions";
import { toLatex } from "./latex";
import { compileMatrix, type Mat, type MatEvaluator } from "./matrix";
import { describeMatrixPoint, drawMatrixPoint, type MatrixContext } from "./matrix-context";
import { parseTree, type ParseError, type ParseOptions } from "./parser";
import { printCanonical } from "./print";
import { hashString, mulberry32 } from "./prng";
import { checkShapes, isScalar, sameShape, ShapeFail, shapeText, type Shape } from "./shape";
import { absoluteFloor, agree, allAgree, countAgreeing } from "./tolerance";
import type { AuthoringIssue, FormRequirement, GradeResult, StepKey } from "./types";

type MatrixMistake = { expr: Expr; feedback: string; values: Float64Array; usable: boolean };

export class MatrixStep {
  readonly ok = true as const;
  readonly allowed: string[];
  private readonly parseOptions: ParseOptions;
  /** Key values at all points, end to end (point k at offsets[k] … offsets[k + 1]). */
  readonly expectedValues: Float64Array;
  readonly offsets: Int32Array;
  /** Absolute part of the tolerance: 1e-9 × RMS of the key's entries. */
  readonly floor: number;
  readonly mistakes: MatrixMistake[];
  /** The key's transpose (only for square keys, where it has the key's shape). */
  private readonly transposedKey: Float64Array | null;
  private readonly expectedBase: Set<string>;
  readonly mctx: MatrixContext;
  rejected: Mat[][] = [];
  attempts = 0;
  /** Points whose key value came from decimal.js: none for matrix steps (doubles only, see the file comment). */
  readonly precisePoints: number[] = [];

  constructor(
    readonly ctx: Context,
    readonly step: StepKey,
    readonly expected: Expr,
    readonly keyShape: Shape,
    keyShapes: ReadonlyMap<Expr, Shape>,
    readonly seed: number,
    /** Values of every variable at each point. */
    readonly points: Mat[][],
    mistakes: { expr: Expr; feedback: string; shapes: ReadonlyMap<Expr, Shape> }[],
    readonly form: FormRequirement | undefined,
  ) {
    this.mctx = ctx.matrix as MatrixContext;
    this.allowed = step.allowedVariables ?? ctx.names;
    this.parseOptions = { variables: this.allowed, declared: ctx.names, matrix: this.mctx.info };
    const key = compileMatrix(expected, keyShapes, ctx.index);
    const offsets = new Int32Array(points.length + 1);
    const keyMats = points.map((env) => key(env));
    keyMats.forEach((m, k) => (offsets[k + 1] = (offsets[k] as number) + m.d.length));
    this.offsets = offsets;
    this.expectedValues = new Float64Array(offsets[points.length] as number);
    keyMats.forEach((m, k) => this.expectedValues.set(m.d, offsets[k]));
    this.floor = absoluteFloor(this.expectedValues);
    this.transposedKey = null;
    if (!isScalar(keyShape) && keyShape.r === keyShape.c && keyShape.vec !== true) {
      const t = new Float64Array(this.expectedValues.length);
      keyMats.forEach((m, k) => {
        for (let i = 0; i < m.r; i++) for (let j = 0; j < m.c; j++) t[(offsets[k] as number) + j * m.r + i] = m.d[i * m.c + j] as number;
      });
      this.transposedKey = t;
    }
    this.mistakes = mistakes.map((m) => {
      const values = this.evaluate(compileMatrix(m.expr, m.shapes, ctx.index));
      return { expr: m.expr, feedback: m.feedback, values, usable: values.every(Number.isFinite) };
    });
    this.expectedBase = this.baseOf(expected);
  }

  private baseOf(e: Expr): Set<string> {
    const out = new Set<string>();
    for (const u of variablesOf(e)) for (const x of this.mctx.base.get(u) ?? []) out.add(x);
    return out;
  }

  /** Values of a checked expression at all points, end to end (NaN where the sizes do not fit, which the shape check rules out). */
  evaluate(f: MatEvaluator): Float64Array {
    const out = new Float64Array(this.expectedValues.length);
    const offsets = this.offsets;
    for (let k = 0; k < this.points.length; k++) {
      const m = f(this.points[k] as Mat[]);
      const start = offsets[k] as number;
      if (m.d.length === (offsets[k + 1] as number) - start) out.set(m.d, start);
      else out.fill(NaN, start, offsets[k + 1] as number);
    }
    return out;
  }

  /** Values of an answer at this step's points (entries end to end); null if invalid or of another shape. */
  fingerprint(answer: string | Expr): number[] | null {
    const checked = this.check(answer, { variables: this.ctx.names, matrix: this.mctx.info });
    if (!checked.ok || !sameShape(checked.shapes.get(checked.expr) as Shape, this.keyShape)) return null;
    return Array.from(this.evaluate(compileMatrix(checked.expr, checked.shapes, this.ctx.index, true)));
  }

  private check(answer: string | Expr, options: ParseOptions): { ok: true; expr: Expr; shapes: Map<Expr, Shape> } | { ok: false; error: ParseError } {
    if (typeof answer === "string") {
      const parsed = parseTree(answer, options);
      if (!parsed.ok) return parsed;
      return { ok: true, expr: parsed.expr, shapes: parsed.shapes as Map<Expr, Shape> };
    }
    for (const v of variablesOf(answer)) {
      if (!options.variables.includes(v)) return { ok: false, error: { message: `${v} can't be used in this step: you can use ${[...options.variables].sort().join(", ")}`, start: answer.start, end: answer.end } };
    }
    try {
      return { ok: true, expr: answer, shapes: checkShapes(answer, this.mctx.info, "") };
    } catch (e) {
      if (e instanceof ShapeFail) return { ok: false, error: { message: e.message, start: e.start, end: e.end, kind: "shape" } };
      throw e;
    }
  }

  grade(answer: string): GradeResult {
    const checked = this.check(answer, this.parseOptions);
    if (!checked.ok) return { verdict: "invalid", error: checked.error };
    return this.gradeChecked(checked.expr, checked.shapes);
  }

  gradeParsed(expr: Expr): GradeResult {
    const checked = this.check(expr, this.parseOptions);
    if (!checked.ok) return { verdict: "invalid", error: checked.error };
    return this.gradeChecked(checked.expr, checked.shapes);
  }

  /** Why an answer of shape `s` cannot be this step's answer (located over the answer, or its 1-D sum). */
  private shapeMismatch(expr: Expr, s: Shape): GradeResult {
    const key = this.keyShape;
    const like = this.mctx.drawn.find((v) => !isScalar(v.shape) && sameShape(v.shape, key));
    const target = `this step's answer is ${like !== undefined ? `${shapeText(key)}, the shape of ${like.name}` : shapeText(key)}`;
    if (s.vec === true && key.c === 1 && s.c === key.r) {
      const oneD = findCall(expr, (x) => x.name === "npsum" || x.name === "npmean") ?? expr;
      const fn = oneD.type === "call" && oneD.name === "npmean" ? "np.mean" : "np.sum";
      return {
        verdict: "invalid",
        error: {
          message: `without keepdims=True, ${fn}(…, axis=1) gives a 1-D array of length ${s.c}, which numpy treats as a row (1×${s.c}); ${target}: write ${fn}(…, axis=1, keepdims=True)`,
          start: oneD.start,
          end: oneD.end,
        },
      };
    }
    const transposed = s.vec !== true && s.r === key.c && s.c === key.r;
    return {
      verdict: "invalid",
      error: { message: `your answer is ${shapeText(s)}, but ${target}${transposed ? ": did you mean its transpose?" : ""}`, start: expr.start, end: expr.end, kind: "shape" },
    };
  }

  private gradeChecked(expr: Expr, shapes: ReadonlyMap<Expr, Shape>): GradeResult {
    const shape = shapes.get(expr) as Shape;
    if (!sameShape(shape, this.keyShape)) return this.shapeMismatch(expr, shape);
    const latex = toLatex(expr, this.mctx.info.latexNames);
    const canonical = printCanonical(expr);
    const values = this.evaluate(compileMatrix(expr, shapes, this.ctx.index, true));
    const agreeing = countAgreeing(values, this.expectedValues, this.floor);
    if (agreeing < values.length) return this.diagnose(expr, values, latex, canonical);
    const formProblem = checkForm(expr, this.form);
    if (formProblem !== null) return incorrectResult("form", `Equivalent, but ${formProblem}`, latex, canonical, this.seed);
    return { verdict: "correct", feedback: "Correct.", latex, canonical, seed: this.seed };
  }

  private diagnose(expr: Expr, values: Float64Array, latex: string, canonical: string): GradeResult {
    const seed = this.seed;
    const floor = this.floor;
    const expected = this.expectedValues;
    const n = values.length;
    const result = (d: Parameters<typeof incorrectResult>[0], feedback: string, m?: number): GradeResult => incorrectResult(d, feedback, latex, canonical, seed, m);

    for (let m = 0; m < this.mistakes.length; m++) {
      const mistake = this.mistakes[m] as MatrixMistake;
      if (mistake.usable && allAgree(values, mistake.values, floor)) return result("known-mistake", mistake.feedback, m);
    }
    const undefinedAt = this.pointWhere((k) => !Number.isFinite(values[k] as number));
    if (undefinedAt >= 0) {
      return result("non-finite", `Your answer is undefined (an entry is not a finite number) at ${describeMatrixPoint(this.mctx, this.points[undefinedAt] as Mat[])}, where the correct answer is defined.`);
    }
    let opposite = true;
    for (let k = 0; k < n && opposite; k++) opposite = agree(values[k] as number, -(expected[k] as number), floor);
    if (opposite) return result("opposite-sign", "Your answer has the opposite sign: check the signs, e.g. a minus from the chain rule or A − Y written as Y − A.");
    const factor = constantRatio(values, expected, floor);
    if (factor !== null) {
      return result("constant-factor", `Your answer is off by a constant factor (yours is about ${fmtUnlike(factor, Math.sign(factor))} times the correct value): check for a missing or extra factor.`);
    }
    // A factor that is a dimension (or its reciprocal) at every point: the forgotten or doubled 1/m.
    for (const v of this.mctx.vars) {
      if (v.kind !== "integer") continue;
      for (const power of [1, -1]) {
        let same = true;
        for (let k = 0; k < this.points.length && same; k++) {
          const d = (this.points[k] as Mat[])[v.i]?.d[0] as number;
          const f = power === 1 ? d : 1 / d;
          for (let j = this.offsets[k] as number; j < (this.offsets[k + 1] as number) && same; j++) same = agree(values[j] as number, f * (expected[j] as number), floor);
        }
        if (same) {
          return result(
            "dimension-factor",
            power === 1
              ? `Your answer is off by a factor of ${v.name} (yours is ${v.name} times the correct value): check for a missing 1/${v.name}.`
              : `Your answer is off by a factor of 1/${v.name} (yours is the correct value divided by ${v.name}): check for an extra 1/${v.name}.`,
          );
        }
      }
    }
    const offset = constantDifference(values, expected, floor);
    if (offset !== null) return result("constant-offset", `Your answer is off by a constant (about ${fmtUnlike(offset, 0)}): check for a missing or extra constant term.`);
    if (this.transposedKey !== null && allAgree(values, this.transposedKey, floor)) {
      return result("transposed", "Your answer is the transpose of the correct one: check the order of the factors and where the transposes go ((A B)ᵀ = Bᵀ Aᵀ).");
    }
    const extra = [...this.baseOf(expr)].filter((v) => !this.expectedBase.has(v));
    if (extra.length > 0) {
      return result("unexpected-variable", `Your answer depends on ${extra.join(", ")}, but the correct answer does not depend on ${extra.length === 1 ? "it" : "them"}.`);
    }
    const wrongAt = this.pointWhere((k) => !agree(values[k] as number, expected[k] as number, floor));
    const rightSomewhere = this.pointWhere((k) => !agree(values[k] as number, expected[k] as number, floor), true);
    if (wrongAt >= 0 && rightSomewhere >= 0) {
      return result("partly-correct", `Your answer agrees with the correct one at some points but not everywhere, e.g. not at ${describeMatrixPoint(this.mctx, this.points[wrongAt] as Mat[])}.`);
    }
    return result("none", `That is not equal to the correct expression (compared entry by entry at ${this.points.length} points with random dimensions and entries).`);
  }

  /**
   * The first point with an entry where `bad(entry index)` holds (or, with `none`, the first point
   * with no such entry); −1 if there is none.
   */
  private pointWhere(bad: (j: number) => boolean, none = false): number {
    for (let k = 0; k < this.points.length; k++) {
      let hit = false;
      for (let j = this.offsets[k] as number; j < (this.offsets[k + 1] as number) && !hit; j++) hit = bad(j);
      if (hit !== none) return k;
    }
    return -1;
  }
}

function findCall(e: Expr, test: (x: Expr & { type: "call" }) => boolean): Expr | null {
  switch (e.type) {
    case "call":
      if (test(e)) return e;
      for (const a of e.args) {
        const r = findCall(a, test);
        if (r !== null) return r;
      }
      return null;
    case "neg":
      return findCall(e.arg, test);
    case "binary":
      return findCall(e.left, test) ?? findCall(e.right, test);
    default:
      return null;
  }
}

/**
 * Kink test for the key (as context.ts's for scalars): a point is redrawn where an argument of a
 * non-smooth function of the key has an entry at its kink (0 for relu/abs/step/sign; two arguments
 * equal for min/max), so rounding on either side cannot flip a verdict.
 */
function matrixKinkTest(e: Expr, shapes: ReadonlyMap<Expr, Shape>, index: ReadonlyMap<string, number>): ((env: Mat[]) => boolean) | null {
  const tests: ((env: Mat[]) => boolean)[] = [];
  const margin = GRADING_DEFAULTS.kinkMargin;
  visitKinks(e, (x, kind) => {
    if (kind === "zero" && x.args[0] !== undefined) {
      const g = compileMatrix(x.args[0], shapes, index, true);
      tests.push((env) => g(env).d.some((v) => Math.abs(v) <= 1e-9));
    } else if (kind === "equal" && x.args.length >= 2) {
      const gs = x.args.map((a) => compileMatrix(a, shapes, index, true));
      tests.push((env) => {
        const ms = gs.map((g) => g(env));
        for (let i = 0; i < ms.length; i++) {
          for (let j = i + 1; j < ms.length; j++) {
            const a = ms[i] as Mat;
            const b = ms[j] as Mat;
            const len = Math.max(a.d.length, b.d.length);
            for (let t = 0; t < len; t++) {
              const u = a.d[a.d.length === 1 ? 0 : t] as number;
              const w = b.d[b.d.length === 1 ? 0 : t] as number;
              if (Math.abs(u - w) <= margin * (Math.abs(u) + Math.abs(w))) return true;
            }
          }
        }
        return false;
      });
    }
  });
  return tests.length === 0 ? null : (env) => tests.some((t) => t(env));
}

/**
 * Compiles a matrix step: parses and shape-checks the key and mistakes (a mistake of another shape
 * than the key's is an authoring error: an answer like it is invalid, never that mistake), draws the
 * points (redrawn where the key or a definition is not finite, or next to a kink of the key).
 */
export function compileMatrixStep(
  ctx: Context,
  step: StepKey,
  options: GradingOptions,
  pathPrefix: string,
  errors: AuthoringIssue[],
): MatrixStep | { ok: false; errors: AuthoringIssue[] } {
  const mctx = ctx.matrix as MatrixContext;
  const parseOptions: ParseOptions = { variables: ctx.names, matrix: mctx.info };
  const expected = parseTree(step.expected, parseOptions);
  if (!expected.ok) {
    errors.push({ path: `${pathPrefix}.expected`, message: `expected answer: ${expected.error.message}`, severity: "error", start: expected.error.start, end: expected.error.end });
  }
  const keyShape = expected.ok ? (expected.shapes?.get(expected.expr) as Shape) : null;
  const mistakes: { expr: Expr; feedback: string; shapes: ReadonlyMap<Expr, Shape> }[] = [];
  (step.mistakes ?? []).forEach((m, j) => {
    const parsed = parseTree(m?.expression, parseOptions);
    if (!parsed.ok) {
      errors.push({ path: `${pathPrefix}.mistakes.${j}.expression`, message: `known mistake: ${parsed.error.message}`, severity: "error", start: parsed.error.start, end: parsed.error.end });
      return;
    }
    const shape = parsed.shapes?.get(parsed.expr) as Shape;
    if (keyShape !== null && !sameShape(shape, keyShape)) {
      errors.push({ path: `${pathPrefix}.mistakes.${j}.expression`, message: `known mistake: it is ${shapeText(shape)} but the expected answer is ${shapeText(keyShape)}, so an answer like it is invalid (wrong shape) and never gets this feedback`, severity: "error" });
      return;
    }
    mistakes.push({ expr: parsed.expr, feedback: typeof m.feedback === "string" ? m.feedback : "", shapes: parsed.shapes as Map<Expr, Shape> });
  });
  if (!expected.ok || keyShape === null || errors.length > 0) return { ok: false, errors };
  const keyShapes = expected.shapes as Map<Expr, Shape>;
  const count = Math.max(1, Math.floor(options.points ?? GRADING_DEFAULTS.points));
  const seed = (options.seed ?? hashString(`${printCanonical(expected.expr)}|${ctx.key}`)) >>> 0;
  const key = compileMatrix(expected.expr, keyShapes, ctx.index);
  const nearKink = matrixKinkTest(expected.expr, keyShapes, ctx.index);
  const rand = mulberry32(seed);
  const points: Mat[][] = [];
  const rejected: Mat[][] = [];
  let attempts = 0;
  const maxAttempts = count * GRADING_DEFAULTS.maxAttemptsPerPoint;
  while (points.length < count && attempts < maxAttempts) {
    attempts++;
    const env = drawMatrixPoint(mctx, ctx.index, rand);
    if (env === null) continue;
    if ((nearKink === null || !nearKink(env)) && key(env).d.every(Number.isFinite)) points.push(env);
    else if (rejected.length < 5) rejected.push(env);
  }
  if (points.length < count) {
    const where = rejected[0] !== undefined ? ` (e.g. at ${describeMatrixPoint(mctx, rejected[0])})` : "";
    return {
      ok: false,
      errors: [{ path: `${pathPrefix}.expected`, message: `too few usable points: the expected answer is defined at only ${points.length} of ${attempts} sample points${where}; check the variable ranges`, severity: "error" }],
    };
  }
  const compiled = new MatrixStep(ctx, step, expected.expr, keyShape, keyShapes, seed, points, mistakes, step.form);
  compiled.rejected = rejected;
  compiled.attempts = attempts;
  return compiled;
}

/**
 * Fingerprints for matrix exercises (clustering, fingerprint.ts): the entries of an answer at
 * `count` points drawn from `seed`, end to end; null when the answer does not read or does not pass
 * the shape check. Answers of different shapes get fingerprints of different lengths, which never
 * compare equal.
 */
export function matrixFingerprinter(ctx: Context, seed: number, count: number): (answer: string | Expr) => number[] | null {
  const mctx = ctx.matrix as MatrixContext;
  const rand = mulberry32(seed);
  const points: Mat[][] = [];
  for (let attempts = 0; points.length < count && attempts < count * GRADING_DEFAULTS.maxAttemptsPerPoint; attempts++) {
    const env = drawMatrixPoint(mctx, ctx.index, rand);
    if (env !== null) points.push(env);
  }
  const options: ParseOptions = { variables: ctx.names, matrix: mctx.info };
  return (answer) => {
    let expr: Expr;
    let shapes: Map<Expr, Shape>;
    if (typeof answer === "string") {
      const parsed = parseTree(answer, options);
      if (!parsed.ok || parsed.shapes === undefined) return null;
      expr = parsed.expr;
      shapes = parsed.shapes;
    } else {
      for (const v of variablesOf(answer)) if (!ctx.index.has(v)) return null;
      try {
        shapes = checkShapes(answer, mctx.info, "");
      } catch (e) {
        if (e instanceof ShapeFail) return null;
        throw e;
      }
      expr = answer;
    }
    const f = compileMatrix(expr, shapes, ctx.index, true);
    const out: number[] = [];
    for (const env of points) {
      const m = f(env);
      for (let k = 0; k < m.d.length; k++) out.push(m.d[k] as number);
    }
    return out;
  };
}
