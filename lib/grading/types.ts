import type { Expr } from "./ast";
import type { ParseError } from "./parser";

export type { Expr, ParseError };

/**
 * One dimension of a shape: the name of an integer variable (a dimension variable such as "n" or
 * "m", drawn at every grading point) or a fixed size (1 for row and column vectors).
 */
export type DimSpec = string | number;
/** [rows, columns] of a matrix variable, e.g. ["n", "m"], ["n", 1], [1, "m"]. */
export type ShapeSpec = [DimSpec, DimSpec];

/**
 * Fields every kind of variable may have: `latex` is how previews print the name (W1 → "W^{[1]}");
 * `shape` makes the variable a matrix whose entries are drawn as the kind says (issue 15).
 */
type VariableCommon = { name: string; description?: string; latex?: string; shape?: ShapeSpec };

/**
 * A variable of an exercise (issue 15 kinds beyond range and definition):
 * - `range`: uniform on [min, max] (each entry, with `shape`);
 * - `values`: drawn from a finite set (each entry, with `shape`), e.g. labels [0, 1];
 * - `integer`: an integer in [min, max] inclusive; an integer variable named in a shape is a
 *   dimension, drawn at every point, distinct from the other dimensions whenever their ranges allow;
 * - `onehot` with `shape` [K, m]: each column one-hot (a random class per column);
 * - `definition`: an expression over other variables; a matrix's shape is inferred.
 */
export type Variable =
  | (VariableCommon & { range: [number, number] })
  | (VariableCommon & { values: number[] })
  | (VariableCommon & { integer: [number, number] })
  | (VariableCommon & { onehot: true; shape: ShapeSpec })
  | (VariableCommon & { definition: string });

/**
 * `shape` (matrix exercises only) is the answer's shape in the exercise's dimensions, as words for
 * the preview: "n×1", "scalar", "1-D array of length n".
 */
export type ParseResult = { ok: true; expr: Expr; latex: string; canonical: string; shape?: string } | { ok: false; error: ParseError };

export type FormRequirement = { maxOperations?: number; forbiddenFunctions?: string[]; message?: string };

export type KnownMistake = { expression: string; feedback: string };

export type StepKey = {
  expected: string;
  mistakes?: KnownMistake[];
  allowedVariables?: string[];
  form?: FormRequirement;
};

export type Diagnosis =
  | "known-mistake"
  | "opposite-sign"
  | "constant-factor"
  | "constant-offset"
  | "dimension-factor"
  | "transposed"
  | "unexpected-variable"
  | "partly-correct"
  | "non-finite"
  | "form"
  | "none";

export type GradeResult =
  | { verdict: "invalid"; error: ParseError }
  | {
      verdict: "incorrect";
      feedback: string;
      diagnosis: Diagnosis;
      mistakeIndex?: number;
      latex: string;
      canonical: string;
      seed: number;
    }
  | { verdict: "correct"; feedback: string; latex: string; canonical: string; seed: number }
  | { verdict: "error"; message: string };

/** path like "variables.2.definition" or "steps.0.mistakes.1.expression". */
export type AuthoringIssue = { path: string; message: string; severity: "error" | "warning"; start?: number; end?: number };

/**
 * A question test row: the answer must get `verdict` (and feedback containing `feedbackIncludes`).
 * `earlier` states the student's answers to earlier steps (by key) for a follow-through row, whose
 * verdict may then be `carried-forward`.
 */
export type QuestionTest = {
  answer: string;
  verdict: "correct" | "incorrect" | "invalid" | "carried-forward";
  feedbackIncludes?: string;
  earlier?: Record<string, string>;
};
