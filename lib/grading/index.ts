/**
 * Stepwise grading engine: pure TypeScript, runs on the server and in the browser (live preview).
 * See README.md in this folder for the grammar, whitelist, sampling and tolerance defaults.
 */
export type { Expr, Span, BinaryOp } from "./ast";
export { sameTree, variablesOf, countOperations, functionsOf } from "./ast";
export type {
  Variable,
  ParseError,
  ParseResult,
  FormRequirement,
  KnownMistake,
  StepKey,
  Diagnosis,
  GradeResult,
  AuthoringIssue,
  QuestionTest,
} from "./types";
export { GRADING_DEFAULTS, type GradingOptions } from "./defaults";
export { displayNamesFor, matrixNamesFor, parseExpression, parseOptionsFor, parseOptionsFromNames, type MatrixNames } from "./parse";
export type { ParseOptions } from "./parser";
export { toLatex } from "./latex";
export { printCanonical } from "./print";
export { FUNCTIONS, FUNCTION_ALIASES, CONSTANTS } from "./functions";
export { compileStep, gradeAnswer, checkForm, defaultSeed, CompiledStep, MatrixStep, type GradableStep, type CompileFailure } from "./grade";
export type { Shape, Dim } from "./shape";
export type { ShapeSpec, DimSpec } from "./types";
export { validateExercise, type ValidationReport, type TestResult } from "./validate";
export { fingerprint, fingerprintsEqual, createFingerprinter, type Fingerprinter } from "./fingerprint";
export { agree as valuesAgree } from "./tolerance";
export { verdictText } from "./verdict-text";
export {
  followsReferences,
  followThroughKey,
  gradeWithFollowThrough,
  checkFollows,
  type FollowThroughResult,
} from "./follow-through";
export { hashString, mulberry32 } from "./prng";
export { answerCurve, type AnswerCurve } from "./curve";
