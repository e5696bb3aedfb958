"use client";

import type { TestResult } from "@/lib/grading";
import type { Exercise } from "@/lib/exercises/definition";
import { describeTestResult, engineSays } from "@/lib/authoring/validation";
import styles from "../editor.module.css";

/** The question tests' results (explicit and implicit rows), failures marked. */
export function TestResultsTable({ source, results, exercise }: { source: string; results: TestResult[]; exercise: Exercise }) {
  const failing = results.filter((r) => !r.passed).length;
  return (
    <section className="card" aria-labelledby="test-results-heading">
      <h2 id="test-results-heading" className={styles.compactHeading} tabIndex={-1}>
        Question tests
      </h2>
      <p className={failing > 0 ? "error-text" : "muted"}>
        {source}: {results.length - failing} of {results.length} pass{failing > 0 ? `, ${failing} fail` : ""}.
      </p>
      <div className={styles.tableWrap}>
        <table>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Answer</th>
              <th scope="col">Expected</th>
              <th scope="col">Actual verdict and feedback</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r, k) => (
              <tr key={k} className={r.passed ? undefined : styles.failRow}>
                <td>{describeTestResult(exercise, r).split(":")[0]}</td>
                <td>
                  <code>{r.answer}</code>
                </td>
                <td>{r.expected}</td>
                <td>
                  {r.actual.verdict}
                  {engineSays(r) ? `: ${engineSays(r)}` : ""}
                </td>
                <td>{r.passed ? <span className={styles.pass}>✓ pass</span> : <strong className="error-text">✗ FAIL</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
