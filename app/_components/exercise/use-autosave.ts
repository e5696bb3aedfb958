"use client";

import { useEffect, useState } from "react";
import { clearLocalDraft, readLocalDraft, writeLocalDraft } from "./draft-storage";
import type { ExerciseActions } from "./types";

/** Autosave after this pause; unsent text is in localStorage meanwhile. */
const AUTOSAVE_DELAY_MS = 800;
/** A failed autosave is retried after this long (e.g. while the server restarts). */
const AUTOSAVE_RETRY_MS = 4000;

export type SaveState = "idle" | "saving" | "saved" | "retrying";

/**
 * The answer box's text, kept safe: written to localStorage at once, to the server after a
 * pause (retried until it succeeds), restored on load when this browser holds newer unsent text,
 * and guarded by the browser's "leave page?" prompt while unsaved.
 */
export function useAutosave(options: {
  userId: string;
  slug: string;
  stepKey: string;
  initialText: string;
  /** When the server draft was saved (ISO), to tell it from older unsent text in this browser. */
  serverSavedAt: string | null | undefined;
  saveDraft: ExerciseActions["saveDraft"];
}) {
  const { userId, slug, stepKey, initialText, saveDraft } = options;
  const [text, setText] = useState(initialText);
  const [savedText, setSavedText] = useState(initialText);
  const [saveState, setSaveState] = useState<SaveState>("idle");
  const [retryTick, setRetryTick] = useState(0);

  // Restore text that never reached the server (e.g. it was down) and send it again.
  useEffect(() => {
    const local = readLocalDraft(userId, slug, stepKey);
    if (!local) return;
    const serverAt = options.serverSavedAt ? Date.parse(options.serverSavedAt) : 0;
    // Unsent text newer than the server's draft wins; a newer draft from another device wins over it.
    if (local.text === initialText || local.at <= serverAt) clearLocalDraft(userId, slug, stepKey);
    // localStorage exists only after hydration, so this cannot be the initial state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    else setText(local.text);
    // Mount only: later changes are handled by the autosave effect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (text === savedText) {
      clearLocalDraft(userId, slug, stepKey);
      return;
    }
    writeLocalDraft(userId, slug, stepKey, text);
    let cancelled = false;
    const timer = setTimeout(async () => {
      setSaveState("saving");
      let ok = false;
      try {
        ok = (await saveDraft({ slug, stepKey, text })).ok;
      } catch {
        ok = false;
      }
      if (cancelled) return;
      if (ok) {
        setSavedText(text);
        setSaveState("saved");
      } else {
        setSaveState("retrying");
        setTimeout(() => setRetryTick((n) => n + 1), AUTOSAVE_RETRY_MS);
      }
    }, AUTOSAVE_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text, savedText, retryTick, saveDraft, slug, stepKey, userId]);

  const dirty = text !== savedText;
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers need returnValue set to show the dialog.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  return { text, setText, saveState, dirty };
}
