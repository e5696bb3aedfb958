"use client";

import { useDeferredValue, useMemo } from "react";
import { parseExpression, parseOptionsFor } from "@/lib/grading";
import type { Exercise } from "@/lib/exercises/definition";
import { forValidation } from "@/lib/exercises/parameters";
import { renderMath } from "@/lib/platform/markdown";
import styles from "../editor.module.css";

/**
 * "Read as: …" under an expression field, with the same parser and options students get
 * (`parseOptionsFor`): in a matrix exercise it shows which product was read and the shape. An
 * unreadable expression shows nothing here: the live validation below the field says why, located.
 */
export function ExpressionPreview({ text, variables, allowed }: { text: string; variables: Exercise["variables"]; allowed?: string[] }) {
  const deferred = useDeferredValue(text);
  const options = useMemo(() => parseOptionsFor(forValidation(variables), allowed), [variables, allowed]);
  const shown = useMemo(() => {
    if (deferred.trim() === "") return null;
    const parsed = parseExpression(deferred, options);
    return parsed.ok ? { html: renderMath(parsed.latex), shape: parsed.shape } : null;
  }, [deferred, options]);
  if (!shown) return null;
  return (
    <p className={styles.mathPreview}>
      <span className="muted">Read as: </span>
      <span dangerouslySetInnerHTML={{ __html: shown.html }} />
      {shown.shape !== undefined ? <span className="muted"> (shape: {shown.shape})</span> : null}
    </p>
  );
}
