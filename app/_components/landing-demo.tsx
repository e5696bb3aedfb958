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
// A step of its own (the softplus derivative), not one of the seeded exercises' keys.
const VARIABLES: Variable[] = [{ name: "z", range: [-4, 4] }];
const KEY: StepKey = {
  expected: "1/(1+exp(-z))",
  mistakes: [
    { expression: "1/(1+exp(z))", feedback: "Check the sign of the exponent: divide numerator and denominator by e^z." },
    { expression: "exp(z)", feedback: "The chain rule also divides by 1 + e^z, the inside of the logarithm." },
    { expression: "1/(1+exp(z))*exp(z)*exp(z)", feedback: "Differentiate the logarithm once: d/dz log(u) = u′/u." },
  ],
};
const NAMES = ["z"];

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
        <strong>Try it:</strong> the softplus loss is <TeX latex="L = \log(1 + e^{z})" />. What is <TeX latex="\frac{dL}{dz}" />? Write it in terms of{" "}
        <TeX latex="z" /> (you may use <TeX latex="\sigma(z)" />).
      </p>
      <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
        <label htmlFor={`${id}-answer`} className="sr-only">
          Your answer for dL/dz
        </label>
        <input
          id={`${id}-answer`}
          type="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="an expression in a or z"
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
            <strong>Correct.</strong> Any equivalent form counts, e.g. <code>σ(z)</code>, <code>1/(1+exp(-z))</code> or <code>exp(z)/(1+exp(z))</code>.
          </p>
        ) : r.verdict === "incorrect" ? (
          <p className="notice bad">
            <strong>Not yet.</strong> {r.feedback || "This is not equivalent to dL/dz."}
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
