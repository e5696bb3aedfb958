"use server";

/**
 * The author's "preview as student": the student's own cores (lib/student-work) in preview mode,
 * for the exercise's editors only, on its current version, recording NOTHING (no attempt,
 * progress, draft or reveal). Bound to the exercise id by the page (`.bind(null, exerciseId)`).
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

/**
 * The preview mode of the bound exercise. The redraw number comes from a bound argument; anything
 * odd means the author's own numbers.
 */
function preview(exerciseId: string, draw: unknown) {
  return { preview: { exerciseId, draw: typeof draw === "number" && Number.isInteger(draw) && draw >= 0 && draw <= 1_000_000 ? draw : 0 } };
}

export async function previewCheckAction(exerciseId: string, draw: number, input: unknown): Promise<CheckResult> {
  return runAction((client, user, i) => checkAnswer(client, user, i, preview(exerciseId, draw)), input);
}

export async function previewPlotAction(exerciseId: string, draw: number, input: unknown): Promise<PlotResult> {
  return runAction((client, user, i) => plotAnswer(client, user, i, preview(exerciseId, draw)), input);
}

export async function previewDraftAction(exerciseId: string, draw: number, input: unknown): Promise<DraftResult> {
  return runAction((client, user, i) => saveDraftFor(client, user, i, preview(exerciseId, draw)), input);
}

export async function previewHintAction(exerciseId: string, draw: number, input: unknown): Promise<HintResult> {
  return runAction((client, user, i) => revealHint(client, user, i, preview(exerciseId, draw)), input);
}

export async function previewSolutionAction(exerciseId: string, draw: number, input: unknown): Promise<SolutionResult> {
  return runAction((client, user, i) => revealSolution(client, user, i, preview(exerciseId, draw)), input);
}
