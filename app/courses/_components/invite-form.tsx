"use client";

import { useActionState, useSyncExternalStore } from "react";
import { createInvitationAction, type InvitationState } from "../actions";

const subscribe = () => () => {};

export function InviteForm() {
  const [state, action, pending] = useActionState<InvitationState, FormData>(createInvitationAction, null);
  const origin = useSyncExternalStore(subscribe, () => window.location.origin, () => "");
  return (
    <form action={action} aria-label="Invite an instructor">
      <div className="field">
        <label htmlFor="invite-email">Instructor’s email</label>
        <input id="invite-email" name="email" type="email" autoComplete="off" required />
      </div>
      <button type="submit" className="secondary" disabled={pending}>
        Create invitation link
      </button>
      <div aria-live="polite">
        {state && !state.ok ? (
          <p className="notice bad" role="alert">
            {[state.formError, ...Object.values(state.fieldErrors ?? {}).flat()].join(" ")}
          </p>
        ) : null}
        {state?.ok ? (
          <div className="notice ok" role="status">
            <p style={{ margin: 0 }}>
              Send this link to {state.email}. It works once, for 7 days, and is shown only now:
            </p>
            <input aria-label="Invitation link" readOnly value={origin + state.path} onFocus={(e) => e.currentTarget.select()} />
          </div>
        ) : null}
      </div>
    </form>
  );
}
