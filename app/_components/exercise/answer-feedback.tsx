"use client";

import { TeX } from "./math";
import type { CheckResult } from "./types";
import styles from "./exercise.module.css";

/** The student's text with the span the parser complained about highlighted. */
export function Echo({ text, start, end }: { text: string; start: number; end: number }) {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return (
    <span className={styles.echo}>
      {text.slice(0, s)}
      <mark>{e > s ? text.slice(s, e) : "\u2009"}</mark>
      {text.slice(e)}
    </span>
  );
}

type Preview = { ok: true; latex: string; shape?: string } | { ok: false; error: { message: string; start: number; end: number } } | null;

/** "Interpreted as": the parsed reading in KaTeX, or the input with the unreadable part marked and why. */
export function AnswerPreview({ id, preview, previewText, invalid }: { id: string; preview: Preview; previewText: string; invalid: boolean }) {
  return (
    <div id={id} className={`${styles.preview} ${invalid ? styles.previewInvalid : ""}`}>
      <span className={styles.previewLabel}>Interpreted as</span>
      {preview === null ? (
        <span className="muted">(type an answer to see how it is read)</span>
      ) : preview.ok ? (
        <>
          <TeX latex={preview.latex} />
          {/* A matrix answer's shape in words too (the LaTeX ends with it in brackets). */}
          {preview.shape !== undefined ? <span className={styles.previewShape}>shape: {preview.shape}</span> : null}
        </>
      ) : (
        <span>
          <Echo text={previewText} start={preview.error.start} end={preview.error.end} />
          <br />
          <span>{preview.error.message}</span>
        </span>
      )}
    </div>
  );
}

/** The verdict of the last Check: correct (with the student's reading), not yet (with feedback), invalid (nothing counted), or a refusal. */
export function CheckResultView({
  id,
  result,
  previewText,
  titleLatex,
  carriedForward,
  current: typed,
}: {
  id: string;
  result: { for: string; value: CheckResult } | null;
  previewText: string;
  titleLatex: string;
  /** The step's follow-through status now (a later check of an earlier step can change it). */
  carriedForward: boolean;
  /** What the box holds now: a verdict for other text is marked as the previous answer's. */
  current: string;
}) {
  const current = result?.value;
  // A verdict stays visible while the student edits, marked as the previous answer's (not cleared:
  // the feedback is what they are working from). Invalid-input messages already say which text.
  const stale = result !== null && current?.ok === true && current.verdict !== "invalid" && result.for.trim() !== typed.trim();
  return (
    <div id={id} className={styles.result} role="status" aria-live="polite">
      {stale ? <p className={styles.staleNote}>For your previous answer, <code>{result.for}</code>:</p> : null}
      {current?.ok === true && current.verdict !== "invalid" && current.practice ? (
        <p className={styles.staleNote}>Practice: this step is already solved, so this check is not counted as an attempt.</p>
      ) : null}
      {!result || !current ? null : !current.ok ? (
        <p className="notice bad">{current.formError}</p>
      ) : current.verdict === "invalid" ? (
        <div className="notice warn">
          <strong>Not checked, nothing counted.</strong>{" "}
          {result.for !== previewText ? (
            <>
              {current.message}
              <br />
              <Echo text={result.for} start={current.start} end={current.end} />
              <br />
              Fix the highlighted part and check again.
            </>
          ) : (
            <>
              {/* The preview above already shows this message beside the highlight: say it once on screen. */}
              <span className="sr-only">{current.message} </span>
              Fix the highlighted part in the preview above and check again.
            </>
          )}
        </div>
      ) : current.verdict === "carried-forward" ? (
        <p className="notice warn">
          <strong>Right method, wrong premises.</strong> <span dangerouslySetInnerHTML={{ __html: current.feedbackHtml }} />
          {carriedForward ? null : (
            <>
              {" "}
              <strong>Your earlier answer has changed since:</strong> this one no longer follows from it. Check this step again.
            </>
          )}
        </p>
      ) : current.verdict === "correct" ? (
        <p className="notice ok">
          <strong>Correct.</strong> <TeX latex={`${titleLatex} = ${current.latex}`} />
        </p>
      ) : (
        <p className="notice bad">
          {/* Author feedback is Markdown with math, rendered and sanitised on the server. */}
          <strong>Not yet.</strong> <span dangerouslySetInnerHTML={{ __html: current.feedbackHtml }} />
        </p>
      )}
    </div>
  );
}
