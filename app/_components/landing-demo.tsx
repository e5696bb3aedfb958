"use client";

import { useDeferredValue, useId, useState, type FormEvent } from "react";
// The parser only up front; the grading engine (with decimal.js) loads on the first Check.
import { parseExpression } from "@/lib/grading/parse";
import type { GradeResult, StepKey, Variable } from "@/lib/grading";
import { TeX } from "./exercise/math";

/**
 * The landing page's live, anonymous demo step (issue 17 item 9): the derivative of the sigmoid,
 * graded in the browser by the same engine the server uses (lib/grading is pure). Nothing is sent
 * or stored; the key of this one public demo step is in the page on purpose.
 */
const VARIABLES: Variable[] = [
  { name: "z", range: [-4, 4] },
  { name: "a", definition: "sigma(z)" },
];
const KEY: StepKey = {
  expected: "a(1-a)",
  mistakes: [
    { expression: "a(1+a)", feedback: "Close: the second factor is (1 − a), not (1 + a)." },
    { expression: "sigma(z)^2", feedback: "σ(z)² is missing a factor: differentiate (1 + e^(−z))^(−1) with the chain rule." },
    { expression: "1 - a", feedback: "Only part of it: the derivative of the sigmoid has two factors." },
  ],
};
const NAMES = ["z", "a"];

export function LandingDemo() {
  const id = useId();
  const [text, setText] = useState("");
  const [result, setResult] = useState<{ for: string; value: GradeResult } | null>(null);
  const deferred = useDeferredValue(text);
  const preview = deferred.trim() ? parseExpression(deferred, { variables: NAMES }) : null;
  const check = async (e: FormEvent) => {
    e.preventDefault();
    const typed = text;
    const { gradeAnswer } = await import("@/lib/grading");
    setResult({ for: typed, value: gradeAnswer(typed, KEY, VARIABLES) });
  };
  const r = result?.for === text ? result.value : null;
  return (
    <form className="card" onSubmit={check} aria-labelledby={`${id}-title`} style={{ background: "var(--bg)" }}>
      <p id={`${id}-title`} style={{ marginTop: 0 }}>
        <strong>Try it:</strong> with <TeX latex="a = \sigma(z) = \frac{1}{1+e^{-z}}" />, what is <TeX latex="\frac{da}{dz}" />? Write it in terms of{" "}
        <TeX latex="a" /> (or <TeX latex="z" />).
      </p>
      <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
        <label htmlFor={`${id}-answer`} className="sr-only">
          Your answer for da/dz
        </label>
        <input
          id={`${id}-answer`}
          type="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. a(1-a)"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          aria-describedby={`${id}-preview ${id}-verdict`}
          style={{ flex: "1 1 12rem" }}
        />
        <button type="submit">Check</button>
      </div>
      <p id={`${id}-preview`} className="muted">
        Interpreted as: {preview === null ? "(type an answer)" : preview.ok ? <TeX latex={preview.latex} /> : preview.error.message}
      </p>
      <div id={`${id}-verdict`} role="status" aria-live="polite">
        {r === null ? null : r.verdict === "correct" ? (
          <p className="notice ok">
            <strong>Correct.</strong> Any equivalent form counts, e.g. <code>σ(z)(1−σ(z))</code> or <code>exp(-z)/(1+exp(-z))^2</code>.
          </p>
        ) : r.verdict === "incorrect" ? (
          <p className="notice bad">
            <strong>Not yet.</strong> {r.feedback || "This is not equivalent to da/dz."}
          </p>
        ) : r.verdict === "invalid" ? (
          <p className="notice warn">
            <strong>Not checked:</strong> {r.error.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
