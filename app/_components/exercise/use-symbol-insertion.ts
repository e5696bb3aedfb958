"use client";

import { useCallback, type RefObject } from "react";
import type { Insertion } from "./symbol-bar";

/**
 * Inserting a symbol-bar item at the cursor: wraps the selection (e.g. "σ(" + selection + ")"),
 * then puts the cursor inside the brackets, or after the wrapped selection, and refocuses the box.
 */
export function useSymbolInsertion(inputRef: RefObject<HTMLInputElement | null>, text: string, setText: (text: string) => void, onEdit: () => void) {
  return useCallback(
    ({ before, after }: Insertion) => {
      const el = inputRef.current;
      const start = el?.selectionStart ?? text.length;
      const end = el?.selectionEnd ?? start;
      const selected = text.slice(start, end);
      onEdit();
      setText(text.slice(0, start) + before + selected + after + text.slice(end));
      const cursor = start + before.length + selected.length;
      requestAnimationFrame(() => {
        el?.focus();
        el?.setSelectionRange(cursor, cursor);
      });
    },
    [inputRef, text, setText, onEdit],
  );
}
