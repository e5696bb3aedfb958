"use client";

import { useState } from "react";
import type { RegradeSummary } from "@/lib/authoring/regrade";
import styles from "./editor.module.css";

type Summary = RegradeSummary & { changedCount: number };
type Line = { type: "progress"; phase: "attempts" | "progress"; done: number; total: number } | { type: "summary"; summary: Summary } | { type: "error"; error: string };

/** Regrades all past attempts under the current version, reading the route handler's progress stream. */
export function RegradePanel({ exerciseId, version, regradable, total }: { exerciseId: string; version: number; regradable: number; total: number }) {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<{ phase: string; done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setRunning(true);
    setSummary(null);
    setError(null);
    setProgress({ phase: "attempts", done: 0, total });
    try {
      const response = await fetch(`/author/${exerciseId}/regrade`, { method: "POST" });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        throw new Error(body?.error ?? `The server answered ${response.status}.`);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = JSON.parse(buffer.slice(0, newline)) as Line;
          buffer = buffer.slice(newline + 1);
          if (line.type === "progress") setProgress({ phase: line.phase, done: line.done, total: line.total });
          else if (line.type === "summary") setSummary(line.summary);
          else setError(line.error);
        }
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="card" id="editor-regrade" aria-labelledby="regrade-heading">
      <h2 id="regrade-heading" className={styles.compactHeading}>
        Regrade past attempts
      </h2>
      <p className="muted">
        {total === 0
          ? "No student has attempted this exercise yet."
          : `${total} attempt${total === 1 ? "" : "s"} in all; ${regradable} graded under an older version. Regrading grades every attempt again under version ${version} and updates students' progress.`}
      </p>
      <button type="button" className="secondary" onClick={run} disabled={running || total === 0}>
        {running ? "Regrading…" : `Regrade all attempts under version ${version}`}
      </button>
      <div aria-live="polite" role="status">
        {progress && (running || !summary) ? (
          <p>
            <label>
              {progress.phase === "attempts" ? "Attempts regraded" : "Progress rows updated"}: {progress.done} of {progress.total}{" "}
              <progress max={Math.max(progress.total, 1)} value={progress.done} />
            </label>
          </p>
        ) : null}
        {error ? <p className="notice bad">{error}</p> : null}
        {summary ? (
          <div>
            <p className="notice ok">
              Regraded {summary.regraded} attempt{summary.regraded === 1 ? "" : "s"} under version {summary.version}: {summary.changedCount} verdict
              {summary.changedCount === 1 ? "" : "s"} changed, {summary.unchanged} unchanged
              {summary.unmatched > 0 ? `, ${summary.unmatched} left alone (their step no longer exists)` : ""}; {summary.studentsAffected} student
              {summary.studentsAffected === 1 ? "'s" : "s'"} progress recomputed.
            </p>
            {summary.changed.length > 0 ? (
              <div className={styles.tableWrap}>
                <table>
                  <caption className="sr-only">Changed verdicts</caption>
                  <thead>
                    <tr>
                      <th scope="col">Student</th>
                      <th scope="col">Step</th>
                      <th scope="col">Answer</th>
                      <th scope="col">Before</th>
                      <th scope="col">After</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.changed.map((c) => (
                      <tr key={c.attemptId}>
                        <td>{c.userName}</td>
                        <td>{c.stepKey}</td>
                        <td>
                          <code>{c.answer}</code>
                        </td>
                        <td>{c.from.toLowerCase()}</td>
                        <td>{c.to.toLowerCase()}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
