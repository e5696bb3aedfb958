"use client";

import { useState, useTransition } from "react";
import type { StepView } from "@/lib/student-work/exercise-page";
import { TeX } from "./math";
import { ConfirmButton } from "../confirm-button";
import type { ExerciseActions } from "./types";
import styles from "./exercise.module.css";

/** Hints (one at a time) and the worked solution of a step, with the buttons that reveal them. */
export function StepHelp(props: {
  slug: string;
  step: StepView;
  name: string;
  solved: boolean;
  solutionAvailable: boolean;
  incorrect: number;
  duePassed: boolean;
  actions: Pick<ExerciseActions, "revealHint" | "revealSolution">;
}) {
  const { slug, step, name, actions } = props;
  const [hints, setHints] = useState(step.revealedHints);
  const [solution, setSolution] = useState(step.solution);
  const [helpError, setHelpError] = useState<string | null>(null);
  const [helping, startHelp] = useTransition();
  const left = Math.max(0, step.attemptsBeforeSolution - props.incorrect);

  const reveal = (request: () => Promise<void>) => {
    setHelpError(null);
    startHelp(async () => {
      try {
        await request();
      } catch {
        setHelpError("Couldn't reach the server; try again.");
      }
    });
  };
  const showHint = () =>
    reveal(async () => {
      const r = await actions.revealHint({ slug, stepKey: step.key, hintIndex: hints.length });
      if (r.ok) setHints((h) => (h.some((x) => x.index === r.hintIndex) ? h : [...h, { index: r.hintIndex, html: r.html }]));
      else setHelpError(r.formError);
    });
  const showSolution = () =>
    reveal(async () => {
      const r = await actions.revealSolution({ slug, stepKey: step.key });
      if (r.ok) setSolution({ solutionHtml: r.solutionHtml, expectedLatex: r.expectedLatex });
      else setHelpError(r.formError);
    });

  return (
    <>
      <div className={styles.helpRow}>
        {step.hintCount > 0 && hints.length < step.hintCount ? (
          <button type="button" className="secondary" onClick={showHint} disabled={helping} aria-label={`Show hint ${hints.length + 1} of ${step.hintCount} for ${name}`}>
            Show hint {hints.length + 1} of {step.hintCount}
          </button>
        ) : null}
        {solution === null && props.solutionAvailable ? (
          props.solved ? (
            // Solved already: the solution costs nothing, no question asked.
            <button type="button" className="secondary" onClick={showSolution} disabled={helping} aria-label={`Show worked solution for ${name}`}>
              Show worked solution
            </button>
          ) : (
            // One click must not turn into "solved" by copying: ask first, and say what it means (issue 17 item 2).
            <ConfirmButton
              label={`Show worked solution for ${name}`}
              title="Show the worked solution?"
              message="You haven't solved this step yet. If you solve it after seeing the solution, it is marked “solved after solution” for you and in your instructor's gradebook."
              confirmLabel="Show the solution"
              confirmClassName=""
              onConfirm={showSolution}
              disabled={helping}
            >
              Show worked solution
            </ConfirmButton>
          )
        ) : null}
        {solution === null && !props.solutionAvailable && !props.solved ? (
          <span className={styles.meta}>
            Worked solution after {left} more incorrect attempt{left === 1 ? "" : "s"}
            {props.duePassed ? "" : " or after the due date"}.
          </span>
        ) : null}
      </div>
      {helpError ? (
        <p className="notice bad" role="alert">
          {helpError}
        </p>
      ) : null}
      {hints.length > 0 ? (
        <div className={styles.hintBox}>
          <strong aria-hidden="true">{hints.length === 1 ? "Hint" : "Hints"}</strong>
          <ol className={styles.hints} aria-label={`Hints for ${name}`} aria-live="polite">
            {hints.map((h) => (
              <li key={h.index} dangerouslySetInnerHTML={{ __html: h.html }} />
            ))}
          </ol>
        </div>
      ) : null}
      {solution ? (
        <section className={styles.solution} aria-label={`Worked solution for ${name}`}>
          <strong>Worked solution</strong>
          {solution.solutionHtml ? <div dangerouslySetInnerHTML={{ __html: solution.solutionHtml }} /> : null}
          {solution.expectedLatex ? (
            <p>
              Expected: <TeX latex={`${step.titleLatex} = ${solution.expectedLatex}`} />
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
