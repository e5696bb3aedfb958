"use client";

import { useActionState, useId } from "react";
import { addKnownMistakeAction } from "./actions";
import type { MistakeFormState } from "./mistake-form-state";
import styles from "../_components/analytics.module.css";

/** One click (plus the feedback text) turns an unrecognised cluster into a known mistake. */
export function MistakeForm(props: { courseId: string; exerciseId: string; stepKey: string; expression: string }) {
  const [state, action, pending] = useActionState<MistakeFormState, FormData>(addKnownMistakeAction, null);
  const id = useId();
  const feedbackError = state?.fieldErrors?.feedback?.join(" ");
  return (
    <form action={action} className={styles.mistakeForm} aria-label={`Turn ${props.expression} into a known mistake`}>
      <input type="hidden" name="courseId" value={props.courseId} />
      <input type="hidden" name="exerciseId" value={props.exerciseId} />
      <input type="hidden" name="stepKey" value={props.stepKey} />
      <input type="hidden" name="expression" value={props.expression} />
      <div className="field">
        <label htmlFor={`${id}-feedback`}>Feedback for students who write this</label>
        <textarea
          id={`${id}-feedback`}
          name="feedback"
          required
          maxLength={2000}
          aria-invalid={feedbackError ? true : undefined}
          aria-describedby={feedbackError ? `${id}-error` : undefined}
        />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Turn into a known mistake"}
      </button>
      <div aria-live="polite">
        {state && !state.ok ? (
          <p id={`${id}-error`} className="notice bad" role="alert">
            {state.formError}
          </p>
        ) : null}
      </div>
    </form>
  );
}
