"use server";
/**
 * Server actions of the exercise page. Thin: same-origin + current user, then lib/student-work,
 * which parses the input (zod), checks access (canAccessExercise), grades and stores. They return
 * `{ ok: true, … } | { ok: false, status, formError }` and never throw for bad input.
 */
import { db } from "@/lib/platform/db";
import { actionUser, toFailure } from "@/lib/auth/action-guard";
import { canAccessExercise } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import {
  checkAnswer,
  revealHint,
  revealSolution,
  saveDraftFor,
  type CheckResult,
  type DraftResult,
  type HintResult,
  type SolutionResult,
} from "@/lib/student-work/cores";
import type { ActionFailure } from "@/lib/student-work/schemas";

const UNAUTHENTICATED: ActionFailure = { ok: false, status: 401, formError: "Your session has ended: sign in again (your text is kept)." };

const authorize = (user: CurrentUser, exerciseId: string) => canAccessExercise(user, exerciseId);

async function run<T>(fn: (user: CurrentUser) => Promise<T>): Promise<T | ActionFailure> {
  try {
    const user = await actionUser();
    if (!user) return UNAUTHENTICATED;
    return await fn(user);
  } catch (error) {
    return toFailure(error) as ActionFailure;
  }
}

export async function checkAnswerAction(input: unknown): Promise<CheckResult> {
  return run((user) => checkAnswer(user, input, db, authorize));
}

export async function saveDraftAction(input: unknown): Promise<DraftResult> {
  return run((user) => saveDraftFor(user, input, db, authorize));
}

export async function revealHintAction(input: unknown): Promise<HintResult> {
  return run((user) => revealHint(user, input, db, authorize));
}

export async function revealSolutionAction(input: unknown): Promise<SolutionResult> {
  return run((user) => revealSolution(user, input, db, authorize));
}
