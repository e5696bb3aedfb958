import { z } from "zod";
import { exerciseSchema, type Exercise } from "@/lib/exercises/definition";
import { validateExercise, verdictText, type TestResult } from "@/lib/grading";
import { issueText } from "@/lib/authoring/issue-text";
import { describeSteps } from "@/lib/exercises/step-names";
import { forValidation } from "@/lib/exercises/parameters";

/**
 * Authoring checks shared by the editor (live, in the browser), the server actions (which
 * re-check everything) and import: zod for the shape, then the grading engine for the
 * expressions. Pure: no database, no framework, so it runs on both sides.
 */

export type PathSegment = string | number;
/** A problem located by a JSON path such as `exercises[0].steps[1].expected`. */
export type { PathIssue } from "@/lib/platform/action-result";
import type { PathIssue } from "@/lib/platform/action-result";

/** ["exercises", 0, "steps", 1, "expected"] → "exercises[0].steps[1].expected". */
export function jsonPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out === "" ? s : `.${s}`;
  }
  return out === "" ? "(file)" : out;
}

/** The engine's dotted paths ("steps.0.mistakes.1.expression") → segments. */
export function gradingPathSegments(path: string): PathSegment[] {
  return path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** A zod error as located issues, each in plain words (issue-text.ts). */
export function zodIssues(error: z.ZodError, prefix: readonly PathSegment[] = []): PathIssue[] {
  return error.issues.map((issue) => ({
    path: jsonPath([...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))]),
    message: issueText(issue),
    severity: "error" as const,
  }));
}

export type ExerciseCheck =
  | { ok: true; exercise: Exercise; issues: PathIssue[]; testResults: TestResult[] }
  | { ok: false; exercise: Exercise | null; issues: PathIssue[]; testResults: TestResult[] };

/**
 * Shape (zod) and content (grading engine) of one exercise. `ok` means no error-level issue:
 * warnings (e.g. a key undefined at some sample points) never block.
 */
export function checkExercise(input: unknown, prefix: readonly PathSegment[] = []): ExerciseCheck {
  const parsed = exerciseSchema.safeParse(input);
  if (!parsed.success) return { ok: false, exercise: null, issues: zodIssues(parsed.error, prefix), testResults: [] };
  const exercise = parsed.data;
  let report: ReturnType<typeof validateExercise>;
  try {
    // Per-student parameters are validated over the range of their values (lib/exercises/parameters.ts).
    report = validateExercise({ ...exercise, variables: forValidation(exercise.variables) }, { describe: describeSteps(exercise.steps) });
  } catch (error) {
    // The engine is not supposed to throw; if it does, refuse rather than store an unchecked key.
    return {
      ok: false,
      exercise,
      issues: [{ path: jsonPath(prefix), message: `the grading engine failed: ${(error as Error).message}`, severity: "error" }],
      testResults: [],
    };
  }
  const issues = report.issues.map((i) => ({ ...i, path: jsonPath([...prefix, ...gradingPathSegments(i.path)]) }));
  return { ok: !issues.some((i) => i.severity === "error"), exercise, issues, testResults: report.testResults };
}

/** A failing question test in words an instructor can act on: which step, which row, what the engine said. */
export function describeTestResult(exercise: Pick<Exercise, "steps">, r: TestResult): string {
  const step = exercise.steps[r.step];
  const stepName = `step ${r.step + 1}${step ? ` (${step.key})` : ""}`;
  const explicitCount = step?.tests.length ?? 0;
  let row: string;
  if (!r.implicit) row = `question test row ${r.row + 1}`;
  else if (r.row === explicitCount) row = "implicit test: the expected answer";
  else row = `implicit test: known mistake ${r.row - explicitCount}`;
  return `${stepName}, ${row}: ${JSON.stringify(r.answer)} should be ${r.expected} but the engine says ${r.actual.verdict}${engineSays(r) ? `: ${engineSays(r)}` : ""}`;
}

/** What the engine said of a question test's answer (lib/grading verdictText). */
export function engineSays(r: Pick<TestResult, "actual">): string {
  return verdictText(r.actual);
}

/** Editor → server action payloads (the editor posts its whole state as JSON in a hidden field). */
export const exerciseIdSchema = z.string().min(1).max(64);

/** Import files: kept under Next's 2 MB server-action body limit (next.config.mjs), so a large file
 * gets this message (checked in the browser and again on the server) instead of a failed request. */
export const IMPORT_MAX_BYTES = 1_500_000;
export const IMPORT_TOO_LARGE = "The file is too large (1.5 MB at most).";

export const saveExerciseInputSchema = z
  .object({
    exerciseId: exerciseIdSchema.optional(),
    exercise: z.unknown(),
  })
  .strict();
export type SaveExerciseInput = z.infer<typeof saveExerciseInputSchema>;

export const publishInputSchema = z
  .object({
    exerciseId: exerciseIdSchema,
    courseId: z.string().min(1).max(64).optional(),
  })
  .strict();

/** A new, empty exercise for the editor (valid shape once title/slug/expected are filled in). */
export function blankExercise(): z.input<typeof exerciseSchema> {
  return {
    slug: "",
    title: "",
    statement: "",
    published: false,
    variables: [{ name: "x", range: [-2, 2] }],
    steps: [blankStep(1)],
  };
}

export function blankStep(n: number) {
  return {
    key: `step_${n}`,
    title: "",
    prompt: "",
    expected: "",
    hints: [] as string[],
    mistakes: [] as { expression: string; feedback: string }[],
    tests: [] as { answer: string; verdict: "correct" | "incorrect" | "invalid"; feedbackIncludes?: string }[],
    solution: "",
    attemptsBeforeSolution: 3,
  };
}
