/**
 * Authoring validation for the instructor editor: every definition, key and mistake parses, the
 * definitions have no cycles, the key is finite at the sample points, each mistake can trigger,
 * and the question tests (explicit and implicit) pass.
 */
import { variablesOf } from "./ast";
import { buildContext, describePoint } from "./context";
import { FUNCTION_ALIASES } from "./functions";
import { checkForm, compileStepInContext, CompiledStep } from "./grade";
import { parseTree } from "./parser";
import { GRADING_DEFAULTS } from "./defaults";
import { preciseCtor, preciseEnv, preciseValue } from "./precise";
import { allAgree } from "./tolerance";
import { verdictText } from "./verdict-text";
import { checkFollows, gradeWithFollowThrough, type FollowThroughResult } from "./follow-through";
import type { AuthoringIssue, GradeResult, QuestionTest, StepKey, Variable } from "./types";

export type TestResult = {
  step: number;
  row: number;
  answer: string;
  expected: QuestionTest["verdict"];
  actual: GradeResult | FollowThroughResult;
  passed: boolean;
  implicit: boolean;
};

export type ValidationReport = { issues: AuthoringIssue[]; testResults: TestResult[] };

const feedbackOf = verdictText;

function passes(actual: GradeResult | FollowThroughResult, test: QuestionTest): boolean {
  if (actual.verdict !== test.verdict) return false;
  return test.feedbackIncludes === undefined || feedbackOf(actual).includes(test.feedbackIncludes);
}

/**
 * Validates an exercise's variables and steps (see the file comment). `options.describe` words how
 * follow-through feedback names earlier steps, so question tests see what students will read.
 */
export function validateExercise(
  ex: {
    variables: readonly Variable[];
    steps: readonly (StepKey & { key?: string; follows?: string; tests?: QuestionTest[] })[];
  },
  options: { describe?: (keys: string[]) => string } = {},
): ValidationReport {
  const issues: AuthoringIssue[] = [];
  const testResults: TestResult[] = [];
  const built = buildContext(ex.variables);
  if (!built.ok) {
    issues.push(...built.issues);
    // Still report syntax errors in the steps, against the names that were declared.
    const names = (ex.variables ?? []).map((v) => v?.name).filter((n): n is string => typeof n === "string");
    ex.steps.forEach((step, i) => {
      const checks: [string, string | undefined][] = [[`steps.${i}.expected`, step.expected]];
      (step.mistakes ?? []).forEach((m, j) => checks.push([`steps.${i}.mistakes.${j}.expression`, m.expression]));
      for (const [path, text] of checks) {
        const r = parseTree(text ?? "", { variables: names });
        if (!r.ok) issues.push({ path, message: r.error.message, severity: "error", start: r.error.start, end: r.error.end });
      }
    });
    return { issues, testResults };
  }
  const ctx = built.ctx;
  // Steps compiled so far, by key: a follow-through row names the earlier answers that are wrong.
  const compiledByKey = new Map<string, CompiledStep>();

  ex.steps.forEach((step, i) => {
    const prefix = `steps.${i}`;
    const compiled = compileStepInContext(ctx, step, {}, prefix);
    if (compiled.ok && step.key !== undefined) compiledByKey.set(step.key, compiled);
    const tests = step.tests ?? [];
    if (!compiled.ok) {
      issues.push(...compiled.errors);
      tests.forEach((t, row) => {
        testResults.push({ step: i, row, answer: t.answer, expected: t.verdict, actual: { verdict: "error", message: "the step's key has errors" }, passed: false, implicit: false });
      });
      return;
    }
    checkCompiled(compiled, step, prefix, issues);

    // Follow-through: the declaration references earlier steps only and equals the key with their keys.
    if (step.follows !== undefined) {
      const keyed = ex.steps.map((s, k) => ({ key: s.key ?? `#${k}`, expected: s.expected }));
      for (const message of checkFollows(step.follows, i, keyed, ex.variables)) issues.push({ path: `${prefix}.follows`, message, severity: "error" });
    }
    tests.forEach((t, row) => {
      // A row that states earlier answers is graded with follow-through, as a student's check is.
      const earlier = t.earlier;
      const actual =
        earlier !== undefined && step.follows !== undefined
          ? gradeWithFollowThrough(t.answer, step, ex.variables, earlier, {
              ...(options.describe ? { describe: options.describe } : {}),
              wrong: Object.keys(earlier).filter((k) => compiledByKey.get(k)?.grade(earlier[k]!).verdict !== "correct"),
            })
          : compiled.grade(t.answer);
      const passed = passes(actual, t);
      testResults.push({ step: i, row, answer: t.answer, expected: t.verdict, actual, passed, implicit: false });
      if (!passed) {
        issues.push({
          path: `${prefix}.tests.${row}`,
          message: `question test fails: ${JSON.stringify(t.answer)} should be ${t.verdict}${t.feedbackIncludes !== undefined ? ` with feedback containing ${JSON.stringify(t.feedbackIncludes)}` : ""}, but is ${actual.verdict}: ${feedbackOf(actual)}`,
          severity: "error",
        });
      }
    });
    let row = tests.length;
    const expectedResult = compiled.grade(step.expected);
    const expectedPassed = expectedResult.verdict === "correct";
    testResults.push({ step: i, row: row++, answer: step.expected, expected: "correct", actual: expectedResult, passed: expectedPassed, implicit: true });
    if (!expectedPassed) {
      issues.push({ path: `${prefix}.expected`, message: `the expected answer, typed as an answer, is ${expectedResult.verdict}: ${feedbackOf(expectedResult)}`, severity: "error" });
    }
    (step.mistakes ?? []).forEach((m, j) => {
      const actual = compiled.grade(m.expression);
      const passed = actual.verdict === "incorrect" && actual.diagnosis === "known-mistake" && actual.mistakeIndex === j && actual.feedback === m.feedback;
      testResults.push({ step: i, row: row++, answer: m.expression, expected: "incorrect", actual, passed, implicit: true });
      if (!passed && !issues.some((x) => x.path === `${prefix}.mistakes.${j}.expression` && x.severity === "error")) {
        issues.push({ path: `${prefix}.mistakes.${j}.expression`, message: `typed as an answer, this mistake does not get its own feedback (it is ${actual.verdict}: ${feedbackOf(actual)})`, severity: "error" });
      }
    });
  });
  return { issues, testResults };
}

function checkCompiled(compiled: CompiledStep, step: StepKey, prefix: string, issues: AuthoringIssue[]): void {
  const ctx = compiled.ctx;
  if (compiled.rejected.length > 0) {
    const first = compiled.rejected[0] as Float64Array;
    issues.push({
      path: `${prefix}.expected`,
      message: `the expected answer is undefined at some sample points, e.g. ${describePoint(ctx, first)} (${compiled.attempts - compiled.points.length} of ${compiled.attempts} candidate points were redrawn)`,
      severity: "warning",
    });
  }
  checkNumericRange(compiled, prefix, issues);
  const allowed = new Set(compiled.allowed);
  const outside = [...variablesOf(compiled.expected)].filter((v) => !allowed.has(v));
  if (outside.length > 0) {
    issues.push({ path: `${prefix}.allowedVariables`, message: `the expected answer uses ${outside.join(", ")}, which allowedVariables excludes`, severity: "error" });
  }
  compiled.mistakes.forEach((m, j) => {
    const path = `${prefix}.mistakes.${j}.expression`;
    if (!m.usable) {
      const k = m.values.findIndex((v) => !Number.isFinite(v));
      issues.push({ path, message: `this mistake is undefined at ${describePoint(ctx, compiled.points[k] as Float64Array)}, so it can never match an answer`, severity: "warning" });
      return;
    }
    if (allAgree(m.values, compiled.expectedValues, compiled.floor)) {
      issues.push({ path, message: "this mistake is equal to the expected answer, so it would never trigger", severity: "error" });
      return;
    }
    const earlier = compiled.mistakes.findIndex((o, k) => k < j && o.usable && allAgree(o.values, m.values, compiled.floor));
    if (earlier >= 0) {
      issues.push({ path, message: `this mistake is equal to mistake ${earlier + 1}, which is checked first, so it would never trigger`, severity: "error" });
      return;
    }
    const out = [...variablesOf(m.expr)].filter((v) => !allowed.has(v));
    if (out.length > 0) {
      issues.push({ path, message: `this mistake uses ${out.join(", ")}, which students can't use in this step`, severity: "warning" });
    }
  });
  const form = step.form;
  if (form !== undefined) {
    (form.forbiddenFunctions ?? []).forEach((f, j) => {
      if (!FUNCTION_ALIASES.has(f)) issues.push({ path: `${prefix}.form.forbiddenFunctions.${j}`, message: `${f} is not a known function`, severity: "warning" });
    });
    const problem = checkForm(compiled.expected, form);
    if (problem !== null) issues.push({ path: `${prefix}.form`, message: `the expected answer itself breaks the form requirement: ${problem}`, severity: "error" });
  }
}

/** Values beyond which doubles stop telling answers apart (x^6000 vs x^5999 both underflow to 0). */
const SMALLEST_SAFE = 1e-150;
const LARGEST_SAFE = 1e150;

/**
 * Warnings for domains at the limits of the arithmetic (issue 12 kinds 2 and 3):
 * - the key's values at the sample points are 0 everywhere, or reach below 1e-150 or above 1e150,
 *   where doubles (1e-308 … 1e308) cannot reliably tell answers apart;
 * - a variable comes so close to a non-zero integer that 1 − a loses digits: more than 9 digits in
 *   doubles (answers are then confirmed with decimal.js, slower: a note), or more than
 *   precisionDigits − 10 digits (beyond what the confirmation can resolve: narrow the ranges);
 * - the key itself needed Decimal values at some points (precisePoints).
 */
function checkNumericRange(compiled: CompiledStep, prefix: string, issues: AuthoringIssue[]): void {
  const ctx = compiled.ctx;
  const values = compiled.expectedValues;
  let maxK = -1;
  let minK = -1;
  for (let k = 0; k < values.length; k++) {
    const v = Math.abs(values[k] as number);
    if (!Number.isFinite(v)) continue;
    if (maxK < 0 || v > Math.abs(values[maxK] as number)) maxK = k;
    if (v > 0 && (minK < 0 || v < Math.abs(values[minK] as number))) minK = k;
  }
  const at = (k: number): string => describePoint(ctx, compiled.points[k] as Float64Array);
  const path = `${prefix}.expected`;
  const advice = `doubles (about 1e-308 to 1e308) cannot reliably tell answers apart at such values (x^6000 and x^5999 both underflow to 0); choose ranges that keep the values between about ${SMALLEST_SAFE} and ${LARGEST_SAFE}`;
  // A double 0 may be an underflow ((x − a)^5999 at |x − a| < 0.88): the Decimal value tells.
  let underflow: { k: number; shown: string } | null = null;
  const D60 = preciseCtor();
  for (let k = 0; k < values.length && underflow === null; k++) {
    if (values[k] !== 0) continue;
    const exact = preciseValue(compiled.expected, compiled.preciseEnvAt(k), ctx.index, D60);
    if (exact.isFinite() && !exact.isZero() && exact.abs().lt(SMALLEST_SAFE)) underflow = { k, shown: exact.toSignificantDigits(3).toString() };
  }
  if (underflow !== null) {
    issues.push({ path, message: `the expected answer is ${underflow.shown} at ${at(underflow.k)}, which doubles round to 0: ${advice}`, severity: "warning" });
  } else if (maxK < 0 || values[maxK] === 0) {
    issues.push({ path, message: "the expected answer is 0 at every sample point, so grading has no scale to compare answers at; check the ranges", severity: "warning" });
  } else if (Math.abs(values[maxK] as number) > LARGEST_SAFE) {
    issues.push({ path, message: `the expected answer reaches ${(values[maxK] as number).toPrecision(3)} at ${at(maxK)}: ${advice}`, severity: "warning" });
  } else if (minK >= 0 && Math.abs(values[minK] as number) < SMALLEST_SAFE) {
    issues.push({ path, message: `the expected answer reaches ${(values[minK] as number).toPrecision(3)} at ${at(minK)}: ${advice}`, severity: "warning" });
  }

  const digits = GRADING_DEFAULTS.precisionDigits;
  let doubleLimit: { k: number; name: string } | null = null;
  let preciseLimit: { k: number; name: string } | null = null;
  for (let k = 0; k < compiled.points.length && preciseLimit === null; k++) {
    const point = compiled.points[k] as Float64Array;
    const env = compiled.preciseEnvAt(k);
    let finer: ReturnType<typeof preciseEnv> | null = null;
    for (let i = 0; i < ctx.names.length; i++) {
      const v = env[i];
      if (v === undefined || !v.isFinite() || v.isZero()) continue;
      const r = v.toDecimalPlaces(0);
      if (r.isZero()) continue;
      const gap = v.minus(r).abs().div(v.abs());
      const name = ctx.names[i] as string;
      if (gap.isZero()) {
        // An integer at 60 digits: exactly (a definition such as 1 + 0·z), or σ(145) = 1 − 1e-63
        // rounded? Twice the digits tell them apart.
        finer ??= preciseEnv(ctx, point, preciseCtor(2 * digits));
        const w = finer[i];
        if (w !== undefined && !w.minus(w.toDecimalPlaces(0)).isZero()) preciseLimit ??= { k, name };
        continue;
      }
      if (gap.lt(`1e-${digits - 10}`)) preciseLimit ??= { k, name };
      else if (gap.lt("1e-9")) doubleLimit ??= { k, name };
    }
  }
  if (preciseLimit !== null) {
    const { k, name } = preciseLimit;
    issues.push({
      path,
      message: `at ${at(k)}, ${name} is within 1e-${digits - 10} of an integer: even the ${digits}-digit confirmation of answers cannot resolve forms such as 1 − ${name} there, so correct answers may be graded incorrect; narrow the ranges`,
      severity: "warning",
    });
  } else if (doubleLimit !== null || compiled.precisePoints.length > 0) {
    const k = doubleLimit?.k ?? (compiled.precisePoints[0] as number);
    const what = doubleLimit !== null ? `${doubleLimit.name} is so close to an integer that forms such as 1 − ${doubleLimit.name} lose more than 9 digits in double precision` : "the expected answer cannot be computed accurately in double precision";
    issues.push({
      path,
      message: `at ${at(k)}, ${what}: answers are confirmed there with ${digits}-digit arithmetic (correct, but slower to grade); narrow the ranges if you do not need these values`,
      severity: "warning",
    });
  }
}
