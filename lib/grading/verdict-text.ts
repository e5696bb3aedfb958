import type { GradeResult } from "./types";
import type { FollowThroughResult } from "./follow-through";

/**
 * What a person reads for a grading result, in one sentence: the feedback of a correct or
 * incorrect verdict, the parser's located message for an invalid answer, the engine's message
 * for a key that cannot be graded. Every place that shows a GradeResult as text (the editor's
 * question tests, validation, regrade notes, the CLI's `reason`) uses this, so they cannot drift.
 */
export function verdictText(r: GradeResult | FollowThroughResult): string {
  switch (r.verdict) {
    case "invalid":
      return r.error.message;
    case "error":
      return r.message;
    default:
      return r.feedback;
  }
}
