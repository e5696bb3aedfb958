"use server";

/**
 * The author's "preview as student": the student's own cores (lib/student-work) in preview mode,
 * for the exercise's editors only, on its current version, recording NOTHING (no attempt,
 * progress, draft or reveal). Bound to the exercise id by the page (`.bind(null, exerciseId)`).
 */
import { runAction } from "@/lib/auth/action";
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

export async function previewCheckAction(exerciseId: string, input: unknown): Promise<CheckResult> {
  return runAction((client, user, i) => checkAnswer(client, user, i, { preview: { exerciseId } }), input);
}

export async function previewDraftAction(exerciseId: string, input: unknown): Promise<DraftResult> {
  return runAction((client, user, i) => saveDraftFor(client, user, i, { preview: { exerciseId } }), input);
}

export async function previewHintAction(exerciseId: string, input: unknown): Promise<HintResult> {
  return runAction((client, user, i) => revealHint(client, user, i, { preview: { exerciseId } }), input);
}

export async function previewSolutionAction(exerciseId: string, input: unknown): Promise<SolutionResult> {
  return runAction((client, user, i) => revealSolution(client, user, i, { preview: { exerciseId } }), input);
}
