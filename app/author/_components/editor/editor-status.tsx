"use client";

import type { ExerciseCheck } from "@/lib/authoring/validation";
import { issuePathText } from "@/lib/authoring/issue-text";
import type { EditorMeta } from "@/lib/authoring/cores";
import { isShownInline } from "./fields";
import styles from "../editor.module.css";

/**
 * The editor is long: a bar that stays in view jumps between its parts and keeps the live state
 * visible ("2 errors · unsaved", "Go to the first error").
 */
export function JumpBar(props: { stepCount: number; hasMeta: boolean; errorCount: number; dirty: boolean; onFirstError: () => void }) {
  const { errorCount } = props;
  return (
    <nav className={styles.jumpBar} aria-label="Editor sections">
      <a href="#editor-basics">Exercise</a>
      <a href="#editor-variables">Variables</a>
      {Array.from({ length: props.stepCount }, (_, i) => (
        <a key={i} href={`#editor-step-${i + 1}`}>
          Step {i + 1}
        </a>
      ))}
      <a href="#editor-save">Save and publish</a>
      {props.hasMeta ? <a href="#editor-regrade">Regrade</a> : null}
      <span className={errorCount > 0 ? `${styles.jumpState} error-text` : `${styles.jumpState} muted`} aria-hidden="true">
        {errorCount === 0 ? "✓ no errors" : `${errorCount} error${errorCount === 1 ? "" : "s"}`}
        {props.dirty ? " · unsaved" : ""}
      </span>
      {errorCount > 0 ? (
        <button type="button" className={`secondary ${styles.jumpButton}`} onClick={props.onFirstError}>
          Go to the first error
        </button>
      ) : null}
    </nav>
  );
}

/** Version, live check summary, the warning about students' attempts, and issues with no field of their own. */
export function StatusCard(props: { baseId: string; meta: EditorMeta | null; check: ExerciseCheck; errorCount: number; warningCount: number; dirty: boolean }) {
  const { baseId, meta, check, errorCount, warningCount } = props;
  const elsewhere = check.issues.filter((i) => !isShownInline(i.path));
  return (
    <section className={`card ${styles.status}`} aria-labelledby={`${baseId}-status`}>
      <h2 id={`${baseId}-status`} className={styles.compactHeading}>
        {meta ? `Version ${meta.version}${meta.published ? " · published" : " · draft"}` : "New exercise (draft)"}
      </h2>
      <p role="status" aria-live="polite" className={errorCount > 0 ? "error-text" : "muted"}>
        Live check: {errorCount === 0 ? "no errors" : `${errorCount} error${errorCount === 1 ? "" : "s"}`}
        {warningCount > 0 ? `, ${warningCount} warning${warningCount === 1 ? "" : "s"}` : ""}
        {" · "}
        {check.testResults.filter((r) => r.passed).length}/{check.testResults.length} question tests pass (explicit and implicit)
        {props.dirty ? " · unsaved changes" : ""}
      </p>
      {meta && meta.attemptsOnCurrentVersion > 0 ? (
        <p className="notice warn">
          Students have {meta.attemptsOnCurrentVersion} attempt{meta.attemptsOnCurrentVersion === 1 ? "" : "s"} on this version: saving creates version {meta.version + 1}; their
          attempts keep the version they were graded under until you regrade.
        </p>
      ) : null}
      {elsewhere.length > 0 ? (
        <ul className={styles.issues}>
          {elsewhere.map((i, k) => (
            <li key={k} className={i.severity === "error" ? "error-text" : styles.warning}>
              {issuePathText(i.path)}: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
