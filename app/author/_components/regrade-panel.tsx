"use client";

import { useCallback, useEffect, useState } from "react";
import type { RegradeJobView } from "@/lib/authoring/regrade";
import styles from "./editor.module.css";

type Summary = NonNullable<RegradeJobView["summary"]>;
const POLL_MS = 500;

async function readJob(response: Response): Promise<RegradeJobView | null> {
  const body = (await response.json().catch(() => null)) as { job?: RegradeJobView | null; formError?: string; error?: string } | null;
  if (!response.ok) throw new Error(body?.formError ?? body?.error ?? `The server answered ${response.status}.`);
  return body?.job ?? null;
}

/**
 * Regrades all past attempts under the current version. The regrade is a job on the server
 * (lib/authoring/regrade.ts): this panel starts it and polls its progress, and on opening the page
 * picks up a regrade still running (started earlier, or resumed by another server).
 */
export function RegradePanel({ exerciseId, version, regradable, total }: { exerciseId: string; version: number; regradable: number; total: number }) {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<{ phase: string; done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const follow = useCallback(
    async (first: RegradeJobView) => {
      let job: RegradeJobView | null = first;
      setRunning(true);
      try {
        while (job && job.status === "running") {
          setProgress({ phase: job.phase, done: Math.min(job.done, job.total), total: job.total });
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          job = await readJob(await fetch(`/author/${exerciseId}/regrade?job=${encodeURIComponent(job.jobId)}`, { cache: "no-store" }));
        }
        if (job?.status === "done" && job.summary) setSummary(job.summary);
        else if (job?.status === "failed") setError(`The regrade failed part-way (${job.error ?? "unknown error"}); chunks already done are kept. Run it again to finish.`);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setRunning(false);
      }
    },
    [exerciseId],
  );

  // A regrade already running (this author's earlier click, or one resumed by another server).
  useEffect(() => {
    let cancelled = false;
    fetch(`/author/${exerciseId}/regrade`, { cache: "no-store" })
      .then(readJob)
      .then((job) => {
        if (!cancelled && job?.status === "running") void follow(job);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [exerciseId, follow]);

  async function run() {
    setSummary(null);
    setError(null);
    setProgress({ phase: "attempts", done: 0, total });
    try {
      const job = await readJob(await fetch(`/author/${exerciseId}/regrade`, { method: "POST" }));
      if (job) await follow(job);
    } catch (e) {
      setError((e as Error).message);
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
