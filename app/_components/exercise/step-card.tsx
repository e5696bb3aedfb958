"use client";

/**
 * One step of the exercise page: composes the answer box (useAutosave, useAnswerPreview,
 * useSymbolInsertion, useQueuedCheck) with its preview, the verdict and the step's help. Each
 * concern lives in its own hook or component beside this file.
 */
import { useCallback, useId, useRef, useState } from "react";
import type { StepView } from "@/lib/student-work/exercise-page";
import { SymbolBar } from "./symbol-bar";
import { useAutosave } from "./use-autosave";
import { useAnswerPreview } from "./use-answer-preview";
import type { MatrixNames } from "@/lib/grading/parse";
import { useSymbolInsertion } from "./use-symbol-insertion";
import { useQueuedCheck } from "./use-queued-check";
import { AnswerPreview, CheckResultView } from "./answer-feedback";
import { StepHelp } from "./step-help";
import { AnswerPlotView } from "./answer-plot-view";
import type { CheckResult, ExerciseActions } from "./types";
import styles from "./exercise.module.css";

type Props = {
  slug: string;
  userId: string;
  step: StepView;
  allVariables: string[];
  /** A matrix exercise's shapes and display names, for the preview; null for a scalar exercise. */
  matrix: MatrixNames | null;
  /** A scalar exercise's display names, for the preview. */
  displayNames?: [string, string][];
  duePassed: boolean;
  recorded: boolean;
  /** The exercise's function buttons (paletteFor). */
  palette?: readonly string[];
  /** The author's preview: nothing is saved, so no "Draft saved" (issue 17 item 6). */
  preview?: boolean;
  actions: ExerciseActions;
  onSolved: (stepKey: string, latex: string) => void;
  /** Follow-through status, kept by the workspace (a check of an earlier step can change it). */
  carriedForward: boolean;
  onStatus: (changes: { stepKey: string; carriedForward: boolean }[]) => void;
};

export function StepCard({ slug, userId, step, allVariables, matrix, displayNames, duePassed, recorded, preview: previewMode = false, palette, actions, onSolved, carriedForward, onStatus }: Props) {
  const ids = useId();
  const previewId = `${ids}-preview`;
  const resultId = `${ids}-result`;
  const inputRef = useRef<HTMLInputElement>(null);

  const { text, setText, saveState, dirty } = useAutosave({
    userId,
    slug,
    stepKey: step.key,
    initialText: step.draft ?? "",
    serverSavedAt: step.draftSavedAt,
    saveDraft: actions.saveDraft,
  });
  // The live region stays silent until the student has typed (no announcement on page load).
  const [touched, setTouched] = useState(false);
  const touch = useCallback(() => setTouched(true), []);
  const { previewText, preview, announcement, invalid } = useAnswerPreview(text, step.variables, allVariables, matrix, touched, displayNames);
  const insert = useSymbolInsertion(inputRef, text, setText, touch);

  const [attempts, setAttempts] = useState(step.attempts);
  const [incorrect, setIncorrect] = useState(step.incorrect);
  const [solved, setSolved] = useState(step.solved);
  const [afterSolution, setAfterSolution] = useState(step.solvedAfterSolution);
  const [solutionAvailable, setSolutionAvailable] = useState(step.solutionAvailable);
  const onResult = (r: CheckResult) => {
    if (!r.ok || r.verdict === "invalid") return;
    if (r.recorded) {
      setAttempts(r.attempts);
      setIncorrect(r.incorrect);
    }
    setSolutionAvailable((was) => was || r.solutionAvailable);
    onStatus([{ stepKey: step.key, carriedForward: r.verdict === "carried-forward" }, ...r.dependents]);
    if (r.verdict === "correct") {
      setSolved(true);
      if (r.solvedAfterSolution) setAfterSolution(true);
      onSolved(step.key, r.latex);
    }
  };
  // After a reload, the last verdict comes back when the box still holds the text it was given for.
  const last = step.lastCheck;
  const initial =
    last && last.answer === (step.draft ?? last.answer)
      ? {
          for: last.answer,
          value: {
            ok: true as const,
            verdict: last.verdict,
            feedback: last.feedback,
            feedbackHtml: last.feedbackHtml,
            latex: last.latex,
            attempts: step.attempts,
            incorrect: step.incorrect,
            solved: step.solved,
            solutionAvailable: step.solutionAvailable,
            recorded: true,
            practice: last.practice,
            solvedAfterSolution: step.solvedAfterSolution,
            dependents: [],
          },
        }
      : null;
  const { checking, result, submit } = useQueuedCheck({ check: actions.check, slug, stepKey: step.key, text, onResult, initial });

  const name = step.titleText;
  return (
    <li className={`card ${styles.step} ${solved ? styles.stepSolved : ""}`} aria-labelledby={`${ids}-title`}>
      <div className={styles.stepHeader}>
        <h3 id={`${ids}-title`}>
          <span className="sr-only">
            Step {step.number}: {name}
          </span>
          <span aria-hidden="true">
            Step {step.number}: <span dangerouslySetInnerHTML={{ __html: step.titleHtml }} />
          </span>
        </h3>
        {solved && afterSolution ? (
          <span className={`${styles.badge} ${styles.badgeAfterSolution}`}>✓ Solved after solution</span>
        ) : solved ? (
          <span className={styles.badge}>✓ Solved</span>
        ) : carriedForward ? (
          <span className={`${styles.badge} ${styles.badgeCarried}`}>↪ Follows from an earlier step</span>
        ) : null}
      </div>
      <div dangerouslySetInnerHTML={{ __html: step.promptHtml }} />
      <p className={styles.meta}>
        {recorded ? (
          <>
            Attempts: {attempts}
            {incorrect > 0 ? ` (${incorrect} incorrect)` : ""}
            {solved ? " · solved: further checks are practice and not counted" : ""}
          </>
        ) : (
          "Instructor view: your checks are graded but not recorded."
        )}
        {" · "}You can use: {step.variables.join(", ")}
      </p>

      <form onSubmit={submit} noValidate>
        <SymbolBar stepName={name} onInsert={insert} functions={palette} />
        <div className={styles.answerRow}>
          <input
            ref={inputRef}
            id={`answer-${step.key}`}
            name="answer"
            type="text"
            inputMode="text"
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            placeholder="Type an expression"
            aria-label={`Answer for ${name}`}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={`${previewId} ${resultId}`}
            value={text}
            onChange={(e) => {
              touch();
              setText(e.target.value);
            }}
          />
          {/* Not `disabled` while checking: a form whose submit button is disabled ignores Enter
              (HTML implicit submission), which would drop an Enter pressed during a check instead
              of queueing it (useQueuedCheck runs it once the check is back). */}
          <button type="submit" aria-disabled={checking || undefined} aria-label={`Check answer for ${name}`}>
            {checking ? "Checking…" : "Check"}
          </button>
        </div>
      </form>

      <AnswerPreview id={previewId} preview={preview} previewText={previewText} invalid={invalid} />
      <p className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      <p className={styles.saveState} aria-live="off">
        {previewMode
          ? "Preview: nothing is saved or recorded."
          : saveState === "saving"
            ? "Saving draft…"
            : saveState === "retrying"
              ? "Draft not saved yet (offline?): kept in this browser, retrying…"
              : dirty
                ? ""
                : saveState === "saved"
                  ? "Draft saved"
                  : ""}
      </p>

      <CheckResultView id={resultId} result={result} previewText={previewText} titleLatex={step.titleLatex} carriedForward={carriedForward} current={text} />
      {result?.value.ok && result.value.verdict === "incorrect" ? (
        // Keyed by the answer: a new incorrect answer gets a fresh "Show a plot" button.
        <AnswerPlotView key={result.for} slug={slug} stepKey={step.key} answer={result.for} name={name} plot={actions.plot} />
      ) : null}
      <StepHelp slug={slug} step={step} name={name} solved={solved} solutionAvailable={solutionAvailable} incorrect={incorrect} duePassed={duePassed} actions={actions} />
    </li>
  );
}
