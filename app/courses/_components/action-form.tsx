"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { useKeptFormAction } from "@/app/_components/use-kept-form-action";

/** `message`: what the action did, shown instead of the form's fixed successMessage (e.g. counts). */
export type FormState = { ok: true; message?: string } | { ok: false; formError: string; fieldErrors?: Record<string, string[] | undefined> } | null;

/**
 * A form bound to a server action that returns `{ ok, formError, fieldErrors }`: disables itself
 * while pending and announces the outcome in a live region.
 */
export function ActionForm({
  action,
  children,
  successMessage,
  className,
  label,
}: {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  children: ReactNode;
  successMessage?: string;
  className?: string;
  label?: string;
}) {
  // Typed values stay after a refusal (fix and resubmit); a success clears the form for the next entry.
  const { state, formAction, pending, onSubmit } = useKeptFormAction(action, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  const fieldMessages = state && !state.ok ? Object.values(state.fieldErrors ?? {}).flat().filter(Boolean) : [];
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className={className} aria-label={label} aria-busy={pending}>
      <fieldset disabled={pending} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        {children}
      </fieldset>
      <div aria-live="polite">
        {state && !state.ok ? (
          <p className="notice bad" role="alert">
            {[state.formError, ...fieldMessages].join(" ")}
          </p>
        ) : state?.ok && (state.message ?? successMessage) ? (
          <p className="notice ok" role="status">
            {state.message ?? successMessage}
          </p>
        ) : null}
      </div>
    </form>
  );
}
