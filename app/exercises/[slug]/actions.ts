"use server";
/**
 * Server actions of the exercise page: runAction (same origin, current user) → one core of
 * lib/student-work, which checks access, parses the input (zod), grades and stores. They return
 * the action contract's `{ ok: true, … } | { ok: false, status, formError }`, never throwing for bad input.
 *
 * The page binds the course it was opened in (`action.bind(null, courseId)`, issue #13 item 2):
 * the core decides access, due date, reveals and attempts in that course. A bound argument comes
 * back from the browser like any other, so it is input: the core checks it like the rest.
 */
import { runAction } from "@/lib/auth/action";
import { checkAnswerAndReport } from "@/lib/lti/cores";
import {
  plotAnswer,
  revealHint,
  revealSolution,
  saveDraftFor,
  type CheckResult,
  type DraftResult,
  type HintResult,
  type PlotResult,
  type SolutionResult,
} from "@/lib/student-work/cores";

/** The input with the page's course added (null: the editors' course-less page, nothing added). */
function inCourse(courseId: unknown, input: unknown): unknown {
  if (courseId === null || typeof input !== "object" || input === null || Array.isArray(input)) return input;
  return { ...input, courseId };
}

export async function checkAnswerAction(courseId: string | null, input: unknown): Promise<CheckResult> {
  // The check, then the LMS score report when the student came through LTI (lib/lti/cores.ts).
  return runAction(checkAnswerAndReport, inCourse(courseId, input));
}

export async function plotAnswerAction(courseId: string | null, input: unknown): Promise<PlotResult> {
  return runAction(plotAnswer, inCourse(courseId, input));
}

export async function saveDraftAction(courseId: string | null, input: unknown): Promise<DraftResult> {
  return runAction(saveDraftFor, inCourse(courseId, input));
}

export async function revealHintAction(courseId: string | null, input: unknown): Promise<HintResult> {
  return runAction(revealHint, inCourse(courseId, input));
}

export async function revealSolutionAction(courseId: string | null, input: unknown): Promise<SolutionResult> {
  return runAction(revealSolution, inCourse(courseId, input));
}
