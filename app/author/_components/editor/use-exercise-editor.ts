"use client";

import { useDeferredValue, useMemo, useState } from "react";
import type { Exercise } from "@/lib/exercises/definition";
import { checkExercise } from "@/lib/authoring/validation";

/**
 * The editor's state: the exercise being edited, an `update` that mutates a copy, what was last
 * saved (for "unsaved"), and the live check (the same validation the server runs), computed on a
 * deferred copy so typing stays responsive on long exercises.
 */
export function useExerciseEditor(initial: Exercise) {
  const [exercise, setExercise] = useState<Exercise>(initial);
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(initial));
  const deferred = useDeferredValue(exercise);
  const check = useMemo(() => checkExercise(deferred), [deferred]);
  const payload = JSON.stringify(exercise);
  const update = (fn: (draft: Exercise) => void) =>
    setExercise((prev) => {
      const next = structuredClone(prev);
      fn(next);
      return next;
    });
  const errorCount = check.issues.filter((i) => i.severity === "error").length;
  return {
    exercise,
    deferred,
    check,
    payload,
    dirty: payload !== savedJson,
    markSaved: setSavedJson,
    update,
    errorCount,
    warningCount: check.issues.length - errorCount,
    names: exercise.variables.map((v) => v.name).filter((n) => n !== ""),
  };
}
