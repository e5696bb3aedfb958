"use client";

import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import type { CheckResult, ExerciseActions } from "./types";

/**
 * Check, with Enter queued rather than dropped: Enter pressed while a check is still running runs
 * once that check is back, with whatever is in the box by then — unless that is the answer just
 * checked (a second Enter on the same text must not count a second attempt). A network failure
 * becomes a message; the text is never lost.
 */
export function useQueuedCheck(options: {
  check: ExerciseActions["check"];
  slug: string;
  stepKey: string;
  text: string;
  onResult: (result: CheckResult) => void;
  /** The last check from before a reload, shown until the next one. */
  initial?: { for: string; value: CheckResult } | null;
}) {
  const { check, slug, stepKey, text, onResult } = options;
  const [checking, startCheck] = useTransition();
  const [result, setResult] = useState<{ for: string; value: CheckResult } | null>(options.initial ?? null);
  const queued = useRef(false);
  const latestText = useRef(text);
  useEffect(() => {
    latestText.current = text;
  }, [text]);
  const lastSent = useRef<string | null>(null);

  const run = (answer: string) => {
    lastSent.current = answer;
    startCheck(async () => {
      let r: CheckResult;
      try {
        r = await check({ slug, stepKey, answer });
      } catch {
        r = { ok: false, status: 409, formError: "Couldn't reach the server. Your text is kept; try again in a moment." };
      }
      setResult({ for: answer, value: r });
      onResult(r);
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (checking) {
      queued.current = true;
      return;
    }
    run(text);
  };

  useEffect(() => {
    if (checking || !queued.current) return;
    queued.current = false;
    if (latestText.current !== lastSent.current) run(latestText.current);
    // run is recreated every render; only the end of a check should trigger this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [checking]);

  return { checking, result, submit };
}
