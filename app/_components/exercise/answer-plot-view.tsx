"use client";

import { useState, useTransition } from "react";
import type { ExerciseActions, PlotResult } from "./types";
import styles from "./exercise.module.css";

/**
 * "Show a plot" under an incorrect verdict: the server draws the student's answer against the key
 * as SVG (lib/student-work/answer-plot.ts) with a data table; this only asks for it and shows it.
 */
export function AnswerPlotView({ slug, stepKey, answer, name, plot }: { slug: string; stepKey: string; answer: string; name: string; plot: ExerciseActions["plot"] }) {
  const [result, setResult] = useState<PlotResult | null>(null);
  const [pending, start] = useTransition();
  const open = () =>
    start(async () => {
      try {
        setResult(await plot({ slug, stepKey, answer }));
      } catch {
        setResult({ ok: false, status: 409, formError: "Couldn't reach the server; try again." });
      }
    });
  if (!result) {
    return (
      <button type="button" className="secondary" onClick={open} disabled={pending} aria-label={`Show a plot of your answer for ${name}`}>
        {pending ? "Drawing…" : "Show a plot of your answer"}
      </button>
    );
  }
  if (!result.ok) return <p className="notice bad">{result.formError}</p>;
  return (
    <figure className={styles.plot}>
      {/* SVG built on the server from numbers and escaped text only (answer-plot.ts). */}
      <div dangerouslySetInnerHTML={{ __html: result.svg }} />
      <figcaption className="muted">{result.description}</figcaption>
      <details>
        <summary>The plot as a table</summary>
        <table>
          <caption className="sr-only">{result.title}</caption>
          <thead>
            <tr>
              <th scope="col">x</th>
              <th scope="col">Yours</th>
              {result.keyShown ? <th scope="col">Correct</th> : null}
              <th scope="col">Difference</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r, i) => (
              <tr key={i}>
                <td>{r.x}</td>
                <td>{r.yours ?? "undefined"}</td>
                {result.keyShown ? <td>{r.correct ?? "undefined"}</td> : null}
                <td>{r.difference}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
