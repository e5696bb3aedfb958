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
import { allAgree } from "./tolerance";
import { verdictText } from "./verdict-text";
import type { AuthoringIssue, GradeResult, QuestionTest, StepKey, Variable } from "./types";

export type TestResult = {
  step: number;
  row: number;
  answer: string;
  expected: QuestionTest["verdict"];
  actual: GradeResult;
  passed: boolean;
  implicit: boolean;
};

export type ValidationReport = { issues: AuthoringIssue[]; testResults: TestResult[] };

const feedbackOf = verdictText;

function passes(actual: GradeResult, test: QuestionTest): boolean {
  if (actual.verdict !== test.verdict) return false;
  return test.feedbackIncludes === undefined || feedbackOf(actual).includes(test.feedbackIncludes);
}

export function validateExercise(ex: {
  variables: readonly Variable[];
  steps: readonly (StepKey & { tests?: QuestionTest[] })[];
}): ValidationReport {
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

  ex.steps.forEach((step, i) => {
    const prefix = `steps.${i}`;
    const compiled = compileStepInContext(ctx, step, {}, prefix);
    const tests = step.tests ?? [];
    if (!compiled.ok) {
      issues.push(...compiled.errors);
      tests.forEach((t, row) => {
        testResults.push({ step: i, row, answer: t.answer, expected: t.verdict, actual: { verdict: "error", message: "the step's key has errors" }, passed: false, implicit: false });
      });
      return;
    }
    checkCompiled(compiled, step, prefix, issues);

    tests.forEach((t, row) => {
      const actual = compiled.grade(t.answer);
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
    if (allAgree(m.values, compiled.expectedValues)) {
      issues.push({ path, message: "this mistake is equal to the expected answer, so it would never trigger", severity: "error" });
      return;
    }
    const earlier = compiled.mistakes.findIndex((o, k) => k < j && o.usable && allAgree(o.values, m.values));
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
