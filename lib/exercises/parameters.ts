/**
 * Per-student parameters (issue 16): a variable `{ name, parameter: [v1, v2, …] }` takes ONE of its
 * values for each student, drawn from the student's and the exercise's ids, so it is stable across
 * reloads, versions and regrades, and two students usually see different numbers. The grading
 * engine never sees a parameter: for a student it becomes a defined constant (`definition: "0.2"`);
 * for validation it becomes a range over its values, so the key must hold for every value.
 */
import { hashString, mulberry32, type Variable } from "@/lib/grading";
import type { Exercise } from "@/lib/exercises/definition";

export type ExerciseVariable = Exercise["variables"][number];
export type ParameterVariable = Extract<ExerciseVariable, { parameter: number[] }>;
/** Parameter name → the value this student has. */
export type ParameterValues = Readonly<Record<string, number>>;

export function isParameter(v: ExerciseVariable): v is ParameterVariable {
  return "parameter" in v;
}

export function hasParameters(variables: readonly ExerciseVariable[]): boolean {
  return variables.some(isParameter);
}

/**
 * The student's values: for each parameter, index = PRNG(hash(exercise, student, name, draw)).
 * `draw` > 0 gives another set (the author's "redraw" in preview). Deterministic.
 */
export function drawParameters(variables: readonly ExerciseVariable[], exerciseId: string, userId: string, draw = 0): ParameterValues {
  const out: Record<string, number> = {};
  for (const v of variables) {
    if (!isParameter(v)) continue;
    const next = mulberry32(hashString(`${exerciseId}\u0000${userId}\u0000${v.name}\u0000${draw}`));
    out[v.name] = v.parameter[Math.floor(next() * v.parameter.length)]!;
  }
  return out;
}

/** The variables as the engine grades one student: each parameter becomes a defined constant. */
export function withParameters(variables: readonly ExerciseVariable[], values: ParameterValues): Variable[] {
  return variables.map((v) => {
    if (!isParameter(v)) return v;
    const value = values[v.name] ?? v.parameter[0]!;
    return { name: v.name, definition: numberText(value), ...(v.description !== undefined ? { description: v.description } : {}) };
  });
}

/**
 * The variables as validation sees them: a parameter with several values is sampled over
 * [min, max] of its values, so keys, mistakes and tests must hold for all of them; a single value
 * is a constant.
 */
export function forValidation(variables: readonly ExerciseVariable[]): Variable[] {
  return variables.map((v) => {
    if (!isParameter(v)) return v;
    const lo = Math.min(...v.parameter);
    const hi = Math.max(...v.parameter);
    const description = v.description !== undefined ? { description: v.description } : {};
    return lo === hi ? { name: v.name, definition: numberText(lo), ...description } : { name: v.name, range: [lo, hi], ...description };
  });
}

/** `{name}` in author text → the student's value (other braces, e.g. LaTeX groups, are left alone). */
export function fillParameters(text: string, values: ParameterValues): string {
  if (Object.keys(values).length === 0) return text;
  return text.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) => (name in values ? numberText(values[name]!) : whole));
}

/** "lam = 0.2, k = 3", for the page and the instructor's drill-down. */
export function describeParameters(values: ParameterValues): string {
  return Object.entries(values)
    .map(([k, v]) => `${k} = ${numberText(v)}`)
    .join(", ");
}

/** A number as an expression and as display text: shortest round-tripping form, no exponent surprises for ordinary values. */
function numberText(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
}
