"use client";

import { signOutAction } from "@/app/(auth)/sign-out/actions";
import { clearAllLocalDrafts } from "@/app/_components/exercise/draft-storage";

/** Sign out (a POST, never a link); first removes the drafts this browser kept, for a shared computer. */
export function SignOutButton() {
  return (
    <form action={signOutAction} onSubmit={() => clearAllLocalDrafts()}>
      <button type="submit" className="secondary">
        Sign out
      </button>
    </form>
  );
}
