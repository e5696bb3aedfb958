"use client";

import { useId, useRef } from "react";

/**
 * A submit button for a destructive action that asks first (issue #13 item 9). Place it inside the
 * form it submits. The question is a native modal <dialog>: the browser traps focus in it, makes
 * the page behind it inert and closes it on Escape; focus starts on "Cancel" (the safe choice) and
 * returns to the button that opened it. Confirming submits the surrounding form.
 */
export function ConfirmButton({
  children,
  label,
  title,
  message,
  confirmLabel,
  onConfirm,
  disabled,
  className = "secondary",
  confirmClassName = "danger",
}: {
  /** The visible text of the button that opens the question. */
  children: string;
  /** Its accessible name when the visible text is not enough ("Remove Ada from the course"). */
  label?: string;
  title: string;
  message: string;
  confirmLabel: string;
  /** Run on confirming instead of submitting the surrounding form (a button outside any form). */
  onConfirm?: () => void;
  disabled?: boolean;
  className?: string;
  /** The confirming button's class: "danger" for destructive actions, "" for a consequential but safe one. */
  confirmClassName?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  return (
    <>
      <button
        ref={trigger}
        type="button"
        className={className}
        disabled={disabled}
        aria-label={label}
        aria-haspopup="dialog"
        onClick={() => {
          dialog.current?.showModal();
          cancel.current?.focus();
        }}
      >
        {children}
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-message`} onClose={() => trigger.current?.focus()}>
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-message`}>{message}</p>
        <div className="confirm-actions">
          <button ref={cancel} type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          {/* Closing first, then the click's default action submits the form this dialog is in (or onConfirm runs). */}
          <button
            type={onConfirm ? "button" : "submit"}
            className={confirmClassName || undefined}
            onClick={() => {
              dialog.current?.close();
              onConfirm?.();
            }}
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
