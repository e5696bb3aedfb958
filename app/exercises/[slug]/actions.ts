"use server";
/**
 * Server actions of the exercise page: runAction (same origin, current user) → one core of
 * lib/student-work, which checks access, parses the input (zod), grades and stores. They return
 * the action contract's `{ ok: true, … } | { ok: false, status, formError }`, never throwing for bad input.
 */
import { runAction } from "@/lib/auth/action";
import {
  checkAnswer,
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

export async function checkAnswerAction(input: unknown): Promise<CheckResult> {
  return runAction(checkAnswer, input);
}

export async function plotAnswerAction(input: unknown): Promise<PlotResult> {
  return runAction(plotAnswer, input);
}

export async function saveDraftAction(input: unknown): Promise<DraftResult> {
  return runAction(saveDraftFor, input);
}

export async function revealHintAction(input: unknown): Promise<HintResult> {
  return runAction(revealHint, input);
}

export async function revealSolutionAction(input: unknown): Promise<SolutionResult> {
  return runAction(revealSolution, input);
}
