"use client";

import { useActionState } from "react";
import { resetPasswordAction, type ResetState } from "./actions";
import { FieldError, FormError } from "@/app/_components/auth/form-messages";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<ResetState, FormData>(resetPasswordAction, null);
  const errors = state?.fieldErrors ?? {};
  return (
    <form action={action} className="card" noValidate>
      <FormError message={state?.fieldErrors ? undefined : state?.formError} />
      <input type="hidden" name="token" value={token} />
      <div className="field">
        <label htmlFor="password">New password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? "password-error" : "password-help"}
        />
        <p id="password-help" className="muted" style={{ margin: 0 }}>
          At least 8 characters; a passphrase of a few words is best.
        </p>
        <FieldError id="password-error" messages={errors.password} />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </button>
    </form>
  );
}
