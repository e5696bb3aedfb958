"use client";

import { useActionState } from "react";
import { forgotPasswordAction, type ForgotState } from "./actions";
import { FieldError, FormError } from "@/app/_components/auth/form-messages";

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<ForgotState, FormData>(forgotPasswordAction, null);
  if (state?.ok) return <FormError tone="ok" message={state.message} />;
  const errors = state?.fieldErrors ?? {};
  return (
    <form action={action} className="card" noValidate>
      <FormError message={state?.fieldErrors ? undefined : state?.formError} />
      <div className="field">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state?.email ?? ""}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={errors.email ? "email-error" : undefined}
        />
        <FieldError id="email-error" messages={errors.email} />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send me a reset link"}
      </button>
    </form>
  );
}
