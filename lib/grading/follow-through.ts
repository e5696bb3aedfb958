/**
 * Follow-through (error carried forward): a step may declare how it follows from earlier steps,
 * as an expression over their keys in square brackets — for the seed derivation, step dL/dz
 * `follows: "[dL_da] * [da_dz]"`. An answer that is not equal to the step's key but equals that
 * expression evaluated with the student's OWN latest answers to the referenced steps is marked
 * `carried-forward`: done correctly from wrong premises.
 *
 * The rule (issue 16; the manual version is Numbas's "adaptive marking" with replaced variables,
 * https://docs.numbas.org.uk/en/latest/question/parts/reference.html#adaptive-marking):
 * - the answer is graded against the key first; correct and known mistakes are final (a known
 *   mistake stays that mistake even if it also follows from the earlier answers);
 * - otherwise it is compared, numerically at random points like every grade, with the follows
 *   expression in which each `[k]` is replaced by the student's answer to step k; equal → carried
 *   forward. That the answer is not equal to the key is what shows an earlier answer is wrong
 *   (when the follows expression evaluated with the keys equals the key, which validation checks),
 *   so no earlier key is needed and a match with all-correct earlier answers is impossible;
 * - a referenced step with no usable answer (none yet, or one that no longer reads) means
 *   follow-through does not apply: the step is graded against its key only.
 * Pure and deterministic, like the rest of the engine.
 */
import { gradeAnswer } from "./grade";
import { fingerprint } from "./fingerprint";
import { agree } from "./tolerance";
import { parseExpression, parseOptionsFor } from "./parse";
import type { GradeResult, StepKey, Variable } from "./types";
import type { GradingOptions } from "./defaults";

/** `[stepKey]` in a follows expression (step keys: letters, digits, `_` and `-`). */
const REFERENCE = /\[([A-Za-z0-9_-]+)\]/g;

/** The step keys a follows expression refers to, in order of first appearance, without repeats. */
export function followsReferences(follows: string): string[] {
  const keys: string[] = [];
  for (const m of follows.matchAll(REFERENCE)) if (!keys.includes(m[1]!)) keys.push(m[1]!);
  return keys;
}

/**
 * The follows expression as an ordinary key over variables: each `[k]` becomes a fresh name
 * (`ftref_0`, …) defined by `values[k]` (an expression), added after the exercise's variables so
 * definitions may use them. Returns null when a referenced value is missing.
 */
export function followThroughKey(
  follows: string,
  values: Readonly<Record<string, string | undefined>>,
  variables: readonly Variable[],
): { expected: string; variables: Variable[] } | null {
  const refs = followsReferences(follows);
  const taken = new Set(variables.map((v) => v.name));
  const names = new Map<string, string>();
  let n = 0;
  for (const key of refs) {
    let name: string;
    do name = `ftref_${n++}`;
    while (taken.has(name));
    names.set(key, name);
  }
  const defined: Variable[] = [];
  for (const key of refs) {
    const value = values[key];
    if (value === undefined || value.trim() === "") return null;
    defined.push({ name: names.get(key)!, definition: `(${value})` });
  }
  const expected = follows.replace(REFERENCE, (_, key: string) => ` ${names.get(key)!} `);
  return { expected, variables: [...variables, ...defined] };
}

export type FollowThroughResult =
  | GradeResult
  | {
      verdict: "carried-forward";
      feedback: string;
      /** The referenced steps whose answers differ from what the key needs: at least one is wrong. */
      references: string[];
      latex: string;
      canonical: string;
      seed: number;
    };

/**
 * Grades an answer to a step that may follow from earlier ones. `earlier` holds the student's
 * latest valid answers by step key, as typed; `follows` is the step's declaration (or undefined).
 * `describe(keys)` words the pointer to the earlier steps ("your dL/da"), so the engine stays
 * free of titles. Returns the key's verdict, or `carried-forward` by the rule above.
 */
export function gradeWithFollowThrough(
  answer: string,
  step: StepKey & { follows?: string },
  variables: readonly Variable[],
  earlier: Readonly<Record<string, string | undefined>>,
  options: GradingOptions & {
    describe?: (keys: string[]) => string;
    /** Referenced steps whose latest answer the caller knows to be wrong: the pointer names these. */
    wrong?: readonly string[];
  } = {},
): FollowThroughResult {
  const result = gradeAnswer(answer, step, variables, options);
  if (result.verdict !== "incorrect" || result.diagnosis === "known-mistake" || !step.follows) return result;
  const names = variables.map((v) => v.name);
  const parseOptions = parseOptionsFor(variables);
  // Earlier answers that no longer read (a variable since removed, say) count as absent.
  const usable: Record<string, string | undefined> = {};
  for (const key of followsReferences(step.follows)) {
    const text = earlier[key];
    usable[key] = text !== undefined && parseExpression(text, parseOptions).ok ? text : undefined;
  }
  const ft = followThroughKey(step.follows, usable, variables);
  if (!ft) return result;
  const allowed = step.allowedVariables ?? names;
  const followed = gradeAnswer(answer, { expected: ft.expected, allowedVariables: allowed, ...(step.form ? { form: step.form } : {}) }, ft.variables, options);
  if (followed.verdict !== "correct") return result;
  // Premises chosen to make the chain trivial (step 1 = 0 makes [dL_da]*[da_dz] equal 0) earn
  // nothing: when the follows expression is constant while the key is not, the "method" left for
  // this step is no method at all. A constant key keeps follow-through (nothing to trivialise).
  if (isConstant(fingerprint(ft.expected, ft.variables)) && !isConstant(fingerprint(step.expected, variables))) return result;
  const all = followsReferences(step.follows);
  const known = all.filter((k) => options.wrong?.includes(k));
  const references = known.length > 0 ? known : all;
  const name = (keys: string[]) => (options.describe ? options.describe(keys) : keys.map((k) => `step ${k}`).join(" and "));
  // Name the wrong step when it is known (or there is only one); otherwise say that one of them is.
  const feedback =
    references.length === 1 || known.length > 0
      ? `This follows correctly from your ${name(references)}, which ${references.length === 1 ? "is" : "are"} not right yet: fix ${references.length === 1 ? "that step" : "those steps"} and check this one again.`
      : `This follows correctly from your answers to ${name(references)}, but at least one of them is not right yet: fix it and check this one again.`;
  return {
    verdict: "carried-forward",
    feedback,
    references,
    latex: result.latex,
    canonical: result.canonical,
    seed: result.seed,
  };
}

/** Values that are all equal (within the grading tolerance); null (unreadable) counts as constant. */
function isConstant(values: number[] | null): boolean {
  if (values === null) return true;
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 || finite.every((v) => agree(v, finite[0]!));
}

/**
 * Authoring checks of a step's follows expression: it references only earlier steps (by key), it
 * reads as an expression, and evaluated with the earlier steps' KEYS it equals this step's key
 * (otherwise a correct chain would be marked carried-forward, or never). Returns messages.
 */
export function checkFollows(
  follows: string,
  stepIndex: number,
  steps: readonly { key: string; expected: string }[],
  variables: readonly Variable[],
): string[] {
  const refs = followsReferences(follows);
  if (refs.length === 0) return ["follows must reference at least one earlier step as [key]"];
  const earlierKeys = new Map(steps.slice(0, stepIndex).map((s) => [s.key, s.expected]));
  const problems: string[] = [];
  for (const key of refs) {
    if (!earlierKeys.has(key)) {
      problems.push(steps.some((s) => s.key === key) ? `[${key}] is not an earlier step: follows may only use steps above this one` : `[${key}] is not a step of this exercise`);
    }
  }
  if (problems.length > 0) return problems;
  const ft = followThroughKey(follows, Object.fromEntries(earlierKeys), variables);
  if (!ft) return ["follows could not be built from the earlier steps' keys"];
  const parsed = parseExpression(ft.expected, parseOptionsFor(ft.variables));
  if (!parsed.ok) return [`follows does not read as an expression: ${parsed.error.message}`];
  const own = steps[stepIndex]!;
  const same = gradeAnswer(own.expected, { expected: ft.expected }, ft.variables);
  if (same.verdict !== "correct") {
    return [`with the earlier steps' expected answers, follows is not equal to this step's expected answer (${same.verdict === "incorrect" ? same.feedback : "it cannot be compared"})`];
  }
  return [];
}
