"use client";

import { useCallback, useEffect, type RefObject } from "react";
import type { Insertion } from "./symbol-bar";

/**
 * Inserting a symbol-bar item at the cursor: wraps the selection (e.g. "σ(" + selection + ")"),
 * then puts the cursor inside the brackets, or after the wrapped selection, and refocuses the box.
 */
export function useSymbolInsertion(inputRef: RefObject<HTMLInputElement | null>, text: string, setText: (text: string) => void, onEdit: () => void) {
  // A box never focused since the page loaded reports its cursor at 0: a button pressed then
  // should add to the end of the restored draft, not before it (found by a new-user trial).
  useEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    const mark = () => focusedOnce.add(el);
    el.addEventListener("focus", mark);
    return () => el.removeEventListener("focus", mark);
  }, [inputRef]);
  return useCallback(
    ({ before, after }: Insertion) => {
      const el = inputRef.current;
      const start = el && focusedOnce.has(el) ? (el.selectionStart ?? text.length) : text.length;
      const end = el && focusedOnce.has(el) ? (el.selectionEnd ?? start) : start;
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

/** Answer boxes the student has focused at least once (their selection is then meaningful). */
const focusedOnce = new WeakSet<HTMLInputElement>();
