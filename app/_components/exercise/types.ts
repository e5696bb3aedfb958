import type { CheckResult, DraftResult, HintResult, PlotResult, SolutionResult } from "@/lib/student-work/cores";
import type { CheckAnswerInput, RevealHintInput, RevealSolutionInput, SaveDraftInput } from "@/lib/student-work/schemas";

/** The exercise page's server actions, passed down from the server component. */
export type ExerciseActions = {
  check: (input: CheckAnswerInput) => Promise<CheckResult>;
  saveDraft: (input: SaveDraftInput) => Promise<DraftResult>;
  revealHint: (input: RevealHintInput) => Promise<HintResult>;
  revealSolution: (input: RevealSolutionInput) => Promise<SolutionResult>;
  /** A plot of a checked incorrect answer against the key (the key's curve only once the solution is available). */
  plot: (input: CheckAnswerInput) => Promise<PlotResult>;
};

export type { CheckResult, DraftResult, HintResult, PlotResult, SolutionResult };
