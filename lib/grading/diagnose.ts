/**
 * Helpers shared by scalar (grade.ts) and matrix (matrix-step.ts) grading: the result shape of an
 * incorrect verdict, the constant-factor/offset tests and the form requirement.
 */
import { countOperations, functionsOf, type Expr } from "./ast";
import { FUNCTION_ALIASES } from "./functions";
import { agree } from "./tolerance";
import type { Diagnosis, FormRequirement, GradeResult } from "./types";

/**
 * A factor printed with enough digits to differ from `unlike` (issue 12 kind 6: 0.3989·exp(−x²/2)
 * against exp(−x²/2)/sqrt(2π) is 0.99989… times the key, which 3 digits print as "1").
 */
export function fmtUnlike(v: number, unlike: number): string {
  for (let p = 3; p <= 15; p++) {
    const shown = Number(v.toPrecision(p));
    if (shown !== unlike) return String(shown);
  }
  return String(v);
}

export function incorrectResult(diagnosis: Diagnosis, feedback: string, latex: string, canonical: string, seed: number, mistakeIndex?: number): GradeResult {
  return mistakeIndex === undefined
    ? { verdict: "incorrect", feedback, diagnosis, latex, canonical, seed }
    : { verdict: "incorrect", feedback, diagnosis, mistakeIndex, latex, canonical, seed };
}

/** The ratio answer/expected when it is the same constant (≠ ±1) at every point, else null. */
export function constantRatio(values: Float64Array, expected: Float64Array, floor: number): number | null {
  let ratio: number | null = null;
  let counted = 0;
  for (let k = 0; k < values.length; k++) {
    const a = values[k] as number;
    const b = expected[k] as number;
    if (agree(b, 0, floor)) {
      if (!agree(a, 0, floor)) return null;
      continue;
    }
    const r = a / b;
    if (ratio === null) ratio = r;
    else if (!agree(r, ratio)) return null;
    counted++;
  }
  if (ratio === null || counted < values.length / 2 || agree(ratio, 1) || agree(ratio, -1) || agree(ratio, 0)) return null;
  return ratio;
}

/** The difference answer − expected when it is the same non-zero constant at every point, else null. */
export function constantDifference(values: Float64Array, expected: Float64Array, floor: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  const d0 = (values[0] as number) - (expected[0] as number);
  if (agree(d0, 0, floor)) return null;
  for (let k = 1; k < n; k++) {
    const a = values[k] as number;
    const b = expected[k] as number;
    // Compare a with b + d0 using the combined tolerance at the scale of the values themselves.
    if (!agree(a, b + d0, floor)) return null;
  }
  return d0;
}

/** Reason an (equivalent) answer breaks the step's form requirement, or null. */
export function checkForm(expr: Expr, form: FormRequirement | undefined): string | null {
  if (form === undefined) return null;
  if (form.forbiddenFunctions !== undefined && form.forbiddenFunctions.length > 0) {
    const forbidden = new Set(form.forbiddenFunctions.map((f) => FUNCTION_ALIASES.get(f) ?? f));
    const used = [...functionsOf(expr)].filter((f) => forbidden.has(f));
    if (used.length > 0) return form.message ?? `don't use ${used.join(", ")} in this step.`;
  }
  if (form.maxOperations !== undefined) {
    const ops = countOperations(expr);
    if (ops > form.maxOperations) {
      return form.message ?? `simplify it: use at most ${form.maxOperations} operations (yours has ${ops}).`;
    }
  }
  return null;
}

