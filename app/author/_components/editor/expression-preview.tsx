"use client";

import { useDeferredValue, useMemo } from "react";
import { parseExpression } from "@/lib/grading";
import { renderMath } from "@/lib/platform/markdown";
import styles from "../editor.module.css";

/** "Read as: …" under an expression field, with the same parser students get. */
export function ExpressionPreview({ text, names }: { text: string; names: string[] }) {
  const deferred = useDeferredValue(text);
  const html = useMemo(() => {
    if (deferred.trim() === "") return null;
    const parsed = parseExpression(deferred, { variables: names });
    return parsed.ok ? renderMath(parsed.latex) : null;
  }, [deferred, names]);
  if (!html) return null;
  return (
    <p className={styles.mathPreview}>
      <span className="muted">Read as: </span>
      <span dangerouslySetInnerHTML={{ __html: html }} />
    </p>
  );
}
