"use client";

import { useMemo } from "react";
// The parser module only: the index would bring the whole engine (decimal.js included) to the browser.
import { parseExpression } from "@/lib/grading/parse";
import { useDebouncedValue } from "./use-debounced-value";

/** Preview after a short pause: fast enough to feel live, without re-rendering KaTeX per key. */
const PREVIEW_DELAY_MS = 150;
/** Screen readers hear the interpretation only once typing has paused. */
const ANNOUNCE_DELAY_MS = 1200;

/**
 * The live "interpreted as" reading of the answer box: the same parser as the server, in the
 * browser. `announcement` is the text for the polite live region, silent until the student has
 * typed (`touched`), so nothing is read out on page load.
 */
export function useAnswerPreview(text: string, variables: string[], allVariables: string[], touched: boolean) {
  const previewText = useDebouncedValue(text, PREVIEW_DELAY_MS);
  const preview = useMemo(
    () => (previewText.trim() === "" ? null : parseExpression(previewText, { variables, declared: allVariables })),
    [previewText, variables, allVariables],
  );
  const announceText = useDebouncedValue(text, ANNOUNCE_DELAY_MS);
  const announcement = useMemo(() => {
    if (!touched || announceText.trim() === "") return "";
    const p = parseExpression(announceText, { variables, declared: allVariables });
    return p.ok ? `Interpreted as ${p.canonical}` : `Not understood: ${p.error.message}`;
  }, [touched, announceText, variables, allVariables]);
  return { previewText, preview, announcement, invalid: preview !== null && !preview.ok };
}
