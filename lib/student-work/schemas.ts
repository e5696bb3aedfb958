import { z } from "zod";
import { isWellFormedText } from "@/lib/auth/action-request";

/**
 * Inputs of the student's exercise page (Check, draft autosave, hint and solution reveal).
 * Shared by the server actions and lib/, so a bad request becomes a field error, never a 500.
 */

/** Longer than the grader's own limit (500), so that the grader's friendlier message wins. */
export const ANSWER_MAX_LENGTH = 2000;

export const slugSchema = z.string().trim().min(1).max(200);
export const stepKeySchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "not a step key");

/** The course the student works in (issue #13 item 2): its due date, reveals and attempts count.
 * Omitted: the one course that assigns the exercise to this user (or the editors' view). */
export const courseIdSchema = z.string().min(1).max(64);

export const stepRefSchema = z.object({ slug: slugSchema, stepKey: stepKeySchema, courseId: courseIdSchema.optional() });
export type StepRef = z.infer<typeof stepRefSchema>;

/** Lone UTF-16 surrogates are not text: refused with a field error rather than stored or failing the driver (issue #13 item 6). */
const wellFormed = (s: string) => isWellFormedText(s);
const NOT_TEXT = "This contains an invalid character; please retype it.";

export const checkAnswerSchema = stepRefSchema.extend({
  answer: z
    .string()
    .max(ANSWER_MAX_LENGTH, `Your answer is too long (at most ${ANSWER_MAX_LENGTH} characters).`)
    .refine(wellFormed, NOT_TEXT),
});
export type CheckAnswerInput = z.infer<typeof checkAnswerSchema>;

export const saveDraftSchema = stepRefSchema.extend({
  text: z.string().max(ANSWER_MAX_LENGTH, `Drafts are limited to ${ANSWER_MAX_LENGTH} characters.`).refine(wellFormed, NOT_TEXT),
});
export type SaveDraftInput = z.infer<typeof saveDraftSchema>;

export const revealHintSchema = stepRefSchema.extend({
  /** The hint the student asks for (0-based); hints are revealed in order, one at a time. */
  hintIndex: z.number().int().min(0).max(100),
});
export type RevealHintInput = z.infer<typeof revealHintSchema>;

export const revealSolutionSchema = stepRefSchema;
export type RevealSolutionInput = z.infer<typeof revealSolutionSchema>;
