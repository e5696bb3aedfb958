"use server";

/**
 * The author's "preview as student": the same step UI as students, with actions that grade
 * against the current version and record NOTHING (no attempt, progress, draft or reveal).
 * Bound to the exercise id by the page (`.bind(null, exerciseId)`); authorship is re-checked here.
 */
import { db } from "@/lib/platform/db";
import { actionUser, toFailure } from "@/lib/auth/action-guard";
import { previewGrade, previewKeyStep } from "@/lib/authoring/cores";
import { renderMarkdown } from "@/lib/platform/markdown";
import { renderSolution, type CheckResult, type DraftResult, type HintResult, type SolutionResult } from "@/lib/student-work/cores";
import { z } from "zod";

const stepRef = z.object({ slug: z.string().max(200), stepKey: z.string().min(1).max(64) });
const checkInput = stepRef.extend({ answer: z.string().max(2000) });
const hintInput = stepRef.extend({ hintIndex: z.number().int().min(0).max(100) });
const BAD_INPUT = { ok: false as const, status: 400 as const, formError: "Please check your input." };

export async function previewCheckAction(exerciseId: string, input: unknown): Promise<CheckResult> {
  try {
    const parsed = checkInput.safeParse(input);
    if (!parsed.success) return BAD_INPUT;
    const result = await previewGrade(await actionUser(), { exerciseId, stepKey: parsed.data.stepKey, answer: parsed.data.answer.slice(0, 500) }, db);
    if (!result.ok) return { ok: false, status: result.status, formError: result.formError };
    const r = result.result;
    if (r.verdict === "invalid") return { ok: true, verdict: "invalid", message: r.message, start: r.start, end: r.end };
    if (r.verdict === "error") return { ok: false, status: 409, formError: `The key of this step has errors: ${r.message}` };
    return { ok: true, verdict: r.verdict, feedback: r.feedback, latex: r.latex, attempts: 0, incorrect: 0, solved: r.verdict === "correct", solutionAvailable: true, recorded: false };
  } catch (error) {
    return toFailure(error);
  }
}

export async function previewDraftAction(exerciseId: string, input: unknown): Promise<DraftResult> {
  // Drafts are not kept in preview (the arguments are the workspace's usual ones).
  void exerciseId;
  void input;
  return { ok: true, savedAt: new Date().toISOString() };
}

export async function previewHintAction(exerciseId: string, input: unknown): Promise<HintResult> {
  try {
    const parsed = hintInput.safeParse(input);
    if (!parsed.success) return BAD_INPUT;
    const loaded = await previewKeyStep(await actionUser(), { exerciseId, stepKey: parsed.data.stepKey }, db);
    if (!loaded.ok) return { ok: false, status: loaded.status, formError: loaded.formError };
    const hint = loaded.step.hints[parsed.data.hintIndex];
    if (hint === undefined) return { ok: false, status: 404, formError: "There are no more hints for this step." };
    return { ok: true, hintIndex: parsed.data.hintIndex, html: renderMarkdown(hint), hintsUsed: parsed.data.hintIndex + 1, hintCount: loaded.step.hints.length };
  } catch (error) {
    return toFailure(error);
  }
}

export async function previewSolutionAction(exerciseId: string, input: unknown): Promise<SolutionResult> {
  try {
    const parsed = stepRef.safeParse(input);
    if (!parsed.success) return BAD_INPUT;
    const loaded = await previewKeyStep(await actionUser(), { exerciseId, stepKey: parsed.data.stepKey }, db);
    if (!loaded.ok) return { ok: false, status: loaded.status, formError: loaded.formError };
    return { ok: true, ...renderSolution(loaded.step, loaded.variableNames) };
  } catch (error) {
    return toFailure(error);
  }
}
