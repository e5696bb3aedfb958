"use client";
import { useCallback, useEffect, useId, useMemo, useRef, useState, useTransition, type FormEvent } from "react";
import { parseExpression } from "@/lib/grading";
import type { StepView } from "@/lib/student-work/exercise-page";
import { useDebouncedValue } from "./use-debounced-value";
import { clearLocalDraft, readLocalDraft, writeLocalDraft } from "./draft-storage";
import { SymbolBar, type Insertion } from "./symbol-bar";
import { TeX } from "./math";
import type { CheckResult, ExerciseActions } from "./types";
import styles from "./exercise.module.css";

/** Preview after a short pause: fast enough to feel live, without re-rendering KaTeX per key. */
const PREVIEW_DELAY_MS = 150;
/** Screen readers hear the interpretation only once typing has paused. */
const ANNOUNCE_DELAY_MS = 1200;
/** Autosave after this pause; unsent text is in localStorage meanwhile. */
const AUTOSAVE_DELAY_MS = 800;
/** A failed autosave is retried after this long (e.g. while the server restarts). */
const AUTOSAVE_RETRY_MS = 4000;

type Props = {
  slug: string;
  userId: string;
  step: StepView;
  allVariables: string[];
  duePassed: boolean;
  recorded: boolean;
  actions: ExerciseActions;
  onSolved: (stepKey: string, latex: string) => void;
};

type SaveState = "idle" | "saving" | "saved" | "retrying";

/** The student's text with the span the parser complained about highlighted. */
function Echo({ text, start, end }: { text: string; start: number; end: number }) {
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

export function StepCard({ slug, userId, step, allVariables, duePassed, recorded, actions, onSolved }: Props) {
  const ids = useId();
  const inputId = `answer-${step.key}`;
  const previewId = `${ids}-preview`;
  const resultId = `${ids}-result`;
  const inputRef = useRef<HTMLInputElement>(null);

  const initialText = step.draft ?? "";
  const [text, setText] = useState(initialText);
  const [savedText, setSavedText] = useState(initialText);
  const [saveState, setSaveState] = useState<SaveState>("idle");
  const [retryTick, setRetryTick] = useState(0);
  // The live region stays silent until the student has typed (no announcement on page load).
  const [touched, setTouched] = useState(false);

  const [result, setResult] = useState<{ for: string; value: CheckResult } | null>(null);
  const [attempts, setAttempts] = useState(step.attempts);
  const [incorrect, setIncorrect] = useState(step.incorrect);
  const [solved, setSolved] = useState(step.solved);
  const [solutionAvailable, setSolutionAvailable] = useState(step.solutionAvailable);
  const [hints, setHints] = useState(step.revealedHints);
  const [solution, setSolution] = useState(step.solution);
  const [helpError, setHelpError] = useState<string | null>(null);
  const [checking, startCheck] = useTransition();
  const [helping, startHelp] = useTransition();

  // Restore text that never reached the server (e.g. it was down) and send it again.
  useEffect(() => {
    const local = readLocalDraft(userId, slug, step.key);
    if (!local) return;
    const serverAt = step.draftSavedAt ? Date.parse(step.draftSavedAt) : 0;
    // Unsent text newer than the server's draft wins; a newer draft from another device wins over it.
    if (local.text === initialText || local.at <= serverAt) clearLocalDraft(userId, slug, step.key);
    // localStorage exists only after hydration, so this cannot be the initial state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    else setText(local.text);
    // Mount only: later changes are handled by the autosave effect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Autosave: localStorage at once, the server after a pause; retried until it succeeds.
  useEffect(() => {
    if (text === savedText) {
      clearLocalDraft(userId, slug, step.key);
      return;
    }
    writeLocalDraft(userId, slug, step.key, text);
    let cancelled = false;
    const timer = setTimeout(async () => {
      setSaveState("saving");
      let ok = false;
      try {
        const r = await actions.saveDraft({ slug, stepKey: step.key, text });
        ok = r.ok;
      } catch {
        ok = false;
      }
      if (cancelled) return;
      if (ok) {
        setSavedText(text);
        setSaveState("saved");
      } else {
        setSaveState("retrying");
        setTimeout(() => setRetryTick((n) => n + 1), AUTOSAVE_RETRY_MS);
      }
    }, AUTOSAVE_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text, savedText, retryTick, actions, slug, step.key, userId]);

  const dirty = text !== savedText;
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers need returnValue set to show the dialog.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  // Live "interpreted as" preview: the same parser as the server, in the browser.
  const previewText = useDebouncedValue(text, PREVIEW_DELAY_MS);
  const preview = useMemo(
    () => (previewText.trim() === "" ? null : parseExpression(previewText, { variables: step.variables, declared: allVariables })),
    [previewText, step.variables, allVariables],
  );
  const announceText = useDebouncedValue(text, ANNOUNCE_DELAY_MS);
  const announcement = useMemo(() => {
    if (!touched || announceText.trim() === "") return "";
    const p = parseExpression(announceText, { variables: step.variables, declared: allVariables });
    return p.ok ? `Interpreted as ${p.canonical}` : `Not understood: ${p.error.message}`;
  }, [touched, announceText, step.variables, allVariables]);

  const invalid = preview !== null && !preview.ok;

  const insert = useCallback(
    ({ before, after }: Insertion) => {
      const el = inputRef.current;
      const start = el?.selectionStart ?? text.length;
      const end = el?.selectionEnd ?? start;
      const selected = text.slice(start, end);
      setTouched(true);
      setText(text.slice(0, start) + before + selected + after + text.slice(end));
      // Cursor inside the inserted brackets (or after the wrapped selection).
      const cursor = start + before.length + selected.length;
      requestAnimationFrame(() => {
        el?.focus();
        el?.setSelectionRange(cursor, cursor);
      });
    },
    [text],
  );

  // Enter pressed while a check is still running is not dropped: it runs once that check is back,
  // with whatever is in the box by then (unless that is the answer just checked).
  const queuedCheck = useRef(false);
  const latestText = useRef(text);
  useEffect(() => {
    latestText.current = text;
  }, [text]);

  const lastSent = useRef<string | null>(null);
  const runCheck = (answer: string) => {
    lastSent.current = answer;
    startCheck(async () => {
      let r: CheckResult;
      try {
        r = await actions.check({ slug, stepKey: step.key, answer });
      } catch {
        r = { ok: false, status: 409, formError: "Couldn't reach the server. Your text is kept; try again in a moment." };
      }
      setResult({ for: answer, value: r });
      if (r.ok && r.verdict !== "invalid") {
        if (r.recorded) {
          setAttempts(r.attempts);
          setIncorrect(r.incorrect);
        }
        setSolutionAvailable((was) => was || r.solutionAvailable);
        if (r.verdict === "correct") {
          setSolved(true);
          onSolved(step.key, r.latex);
        }
      }
    });
  };

  const check = (event: FormEvent) => {
    event.preventDefault();
    if (checking) {
      queuedCheck.current = true;
      return;
    }
    runCheck(text);
  };

  useEffect(() => {
    if (checking || !queuedCheck.current) return;
    queuedCheck.current = false;
    // A second Enter on the same text must not count a second attempt.
    if (latestText.current !== lastSent.current) runCheck(latestText.current);
    // runCheck is recreated every render; only the end of a check should trigger this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [checking]);

  const showHint = () => {
    setHelpError(null);
    startHelp(async () => {
      try {
        const r = await actions.revealHint({ slug, stepKey: step.key, hintIndex: hints.length });
        if (r.ok) setHints((h) => (h.some((x) => x.index === r.hintIndex) ? h : [...h, { index: r.hintIndex, html: r.html }]));
        else setHelpError(r.formError);
      } catch {
        setHelpError("Couldn't reach the server; try again.");
      }
    });
  };

  const showSolution = () => {
    setHelpError(null);
    startHelp(async () => {
      try {
        const r = await actions.revealSolution({ slug, stepKey: step.key });
        if (r.ok) setSolution({ solutionHtml: r.solutionHtml, expectedLatex: r.expectedLatex });
        else setHelpError(r.formError);
      } catch {
        setHelpError("Couldn't reach the server; try again.");
      }
    });
  };

  const name = step.titleText;
  const left = Math.max(0, step.attemptsBeforeSolution - incorrect);
  const current = result?.value;

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
        {solved ? <span className={styles.badge}>✓ Solved</span> : null}
      </div>
      <div dangerouslySetInnerHTML={{ __html: step.promptHtml }} />
      <p className={styles.meta}>
        {recorded ? (
          <>
            Attempts: {attempts}
            {incorrect > 0 ? ` (${incorrect} incorrect)` : ""}
          </>
        ) : (
          "Instructor view: your checks are graded but not recorded."
        )}
        {" · "}You can use: {step.variables.join(", ")}
      </p>

      <form onSubmit={check} noValidate>
        <SymbolBar stepName={name} onInsert={insert} />
        <div className={styles.answerRow}>
          <input
            ref={inputRef}
            id={inputId}
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
              setTouched(true);
              setText(e.target.value);
            }}
          />
          <button type="submit" disabled={checking} aria-label={`Check answer for ${name}`}>
            {checking ? "Checking…" : "Check"}
          </button>
        </div>
      </form>

      <div id={previewId} className={`${styles.preview} ${invalid ? styles.previewInvalid : ""}`}>
        <span className={styles.previewLabel}>Interpreted as</span>
        {preview === null ? (
          <span className="muted">(type an answer to see how it is read)</span>
        ) : preview.ok ? (
          <TeX latex={preview.latex} />
        ) : (
          <span>
            <Echo text={previewText} start={preview.error.start} end={preview.error.end} />
            <br />
            <span>{preview.error.message}</span>
          </span>
        )}
      </div>
      <p className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      <p className={styles.saveState} aria-live="off">
        {saveState === "saving" ? "Saving draft…" : saveState === "retrying" ? "Draft not saved yet (offline?): kept in this browser, retrying…" : dirty ? "" : saveState === "saved" ? "Draft saved" : ""}
      </p>

      <div id={resultId} className={styles.result} role="status" aria-live="polite">
        {!current ? null : !current.ok ? (
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
        ) : current.verdict === "correct" ? (
          <p className="notice ok">
            <strong>Correct.</strong> <TeX latex={`${step.titleLatex} = ${current.latex}`} />
          </p>
        ) : (
          <p className="notice bad">
            <strong>Not yet.</strong> {current.feedback}
          </p>
        )}
      </div>

      <div className={styles.helpRow}>
        {step.hintCount > 0 && hints.length < step.hintCount ? (
          <button type="button" className="secondary" onClick={showHint} disabled={helping} aria-label={`Show hint ${hints.length + 1} of ${step.hintCount} for ${name}`}>
            Show hint {hints.length + 1} of {step.hintCount}
          </button>
        ) : null}
        {solution === null && solutionAvailable ? (
          <button type="button" className="secondary" onClick={showSolution} disabled={helping} aria-label={`Show worked solution for ${name}`}>
            Show worked solution
          </button>
        ) : null}
        {solution === null && !solutionAvailable && !solved ? (
          <span className={styles.meta}>
            Worked solution after {left} more incorrect attempt{left === 1 ? "" : "s"}
            {duePassed ? "" : " or after the due date"}.
          </span>
        ) : null}
      </div>
      {helpError ? <p className="notice bad" role="alert">{helpError}</p> : null}
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
    </li>
  );
}
