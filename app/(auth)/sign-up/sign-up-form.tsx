"use client";

import { useKeptFormAction } from "@/app/_components/use-kept-form-action";
import { signUpAction, type SignUpState } from "./actions";
import { FieldError, FormError } from "@/app/_components/auth/form-messages";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";

type Props = { invite?: string | undefined; inviteEmail?: string | undefined; joinCode?: string | undefined };

export function SignUpForm({ invite, inviteEmail, joinCode }: Props) {
  // A refused sign-up (a wrong join code, a taken email) keeps what was typed, the password too.
  const { state, formAction: action, pending, onSubmit } = useKeptFormAction<SignUpState>(signUpAction, null);
  const errors = state?.fieldErrors ?? {};
  const describedBy = (name: string, extra?: string) =>
    [errors[name] ? `${name}-error` : null, extra].filter(Boolean).join(" ") || undefined;
  return (
    <form action={action} onSubmit={onSubmit} className="card" noValidate>
      <FormError message={state?.formError} />
      {invite ? <input type="hidden" name="invite" value={invite} /> : null}
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" type="text" autoComplete="name" required defaultValue={state?.values.name ?? ""}
          aria-invalid={errors.name ? true : undefined} aria-describedby={describedBy("name")} />
        <FieldError id="name-error" messages={errors.name} />
      </div>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required
          defaultValue={state?.values.email ?? inviteEmail ?? ""} readOnly={!!inviteEmail}
          aria-invalid={errors.email ? true : undefined} aria-describedby={describedBy("email")} />
        <FieldError id="email-error" messages={errors.email} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required
          minLength={PASSWORD_MIN_LENGTH} maxLength={PASSWORD_MAX_LENGTH}
          aria-invalid={errors.password ? true : undefined} aria-describedby={describedBy("password", "password-hint")} />
        <p id="password-hint" className="muted" style={{ margin: 0 }}>
          At least {PASSWORD_MIN_LENGTH} characters. A passphrase of several words works well; common passwords are refused.
        </p>
        <FieldError id="password-error" messages={errors.password} />
      </div>
      {invite ? null : (
        <div className="field">
          <label htmlFor="joinCode">Course join code (optional)</label>
          <input id="joinCode" name="joinCode" type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false}
            defaultValue={state?.values.joinCode ?? joinCode ?? ""}
            aria-invalid={errors.joinCode ? true : undefined} aria-describedby={describedBy("joinCode", "joinCode-hint")} />
          <p id="joinCode-hint" className="muted" style={{ margin: 0 }}>
            From your instructor, e.g. DEMO-2026. You can also join courses later.
          </p>
          <FieldError id="joinCode-error" messages={errors.joinCode} />
        </div>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Creating account…" : invite ? "Create instructor account" : "Create account"}
      </button>
    </form>
  );
}
