"use client";

import { useActionState } from "react";
import { acceptInvitationAction } from "./actions";
import { FormError } from "@/app/_components/auth/form-messages";

/** "Accept: become an instructor" for a signed-in student opening an instructor invitation. */
export function AcceptInvitationForm({ invite }: { invite: string }) {
  const [state, action, pending] = useActionState(acceptInvitationAction, null);
  return (
    <form action={action} className="card">
      <FormError message={state?.formError} />
      <input type="hidden" name="invite" value={invite} />
      <button type="submit" disabled={pending}>
        {pending ? "Accepting…" : "Accept: become an instructor"}
      </button>
    </form>
  );
}
