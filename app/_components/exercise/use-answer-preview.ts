"use client";

import { useMemo } from "react";
// The parser module only: the index would bring the whole engine (decimal.js included) to the browser.
// (parse.ts → parser, context, matrix-context, matrix, compile, prng: none imports precise.ts/decimal.js.)
import { parseExpression, parseOptionsFromNames, type MatrixNames } from "@/lib/grading/parse";
import { useDebouncedValue } from "./use-debounced-value";

/** Preview after a short pause: fast enough to feel live, without re-rendering KaTeX per key. */
const PREVIEW_DELAY_MS = 150;
/** Screen readers hear the interpretation only once typing has paused. */
const ANNOUNCE_DELAY_MS = 1200;

/**
 * The live "interpreted as" reading of the answer box: the same parser as the server, in the
 * browser. `announcement` is the text for the polite live region, silent until the student has
 * typed (`touched`), so nothing is read out on page load. `matrix` (a matrix exercise's shapes and
 * display names, from the server) makes the preview read matrices as grading will: shape errors
 * are located invalid messages, and the reading ends with its shape.
 */
export function useAnswerPreview(
  text: string,
  variables: string[],
  allVariables: string[],
  matrix: MatrixNames | null,
  touched: boolean,
  /** A scalar exercise's display names ([name, LaTeX]). */
  displayNames?: [string, string][],
) {
  const options = useMemo(() => parseOptionsFromNames(allVariables, matrix, variables, displayNames), [allVariables, matrix, variables, displayNames]);
  const previewText = useDebouncedValue(text, PREVIEW_DELAY_MS);
  const preview = useMemo(() => (previewText.trim() === "" ? null : parseExpression(previewText, options)), [previewText, options]);
  const announceText = useDebouncedValue(text, ANNOUNCE_DELAY_MS);
  const announcement = useMemo(() => {
    if (!touched || announceText.trim() === "") return "";
    const p = parseExpression(announceText, options);
    return p.ok ? `Interpreted as ${p.canonical}${p.shape !== undefined ? `, ${p.shape}` : ""}` : `Not understood: ${p.error.message}`;
  }, [touched, announceText, options]);
  return { previewText, preview, announcement, invalid: preview !== null && !preview.ok };
}
