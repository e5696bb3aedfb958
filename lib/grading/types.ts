import type { Expr } from "./ast";
import type { ParseError } from "./parser";

export type { Expr, ParseError };

export type Variable =
  | { name: string; range: [number, number]; description?: string }
  | { name: string; definition: string; description?: string };

export type ParseResult = { ok: true; expr: Expr; latex: string; canonical: string } | { ok: false; error: ParseError };

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
