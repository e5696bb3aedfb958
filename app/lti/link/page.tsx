import type { Metadata } from "next";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { requireUser } from "@/lib/auth/session";
import { isLaunchMadeAccount } from "@/lib/lti/link-account";
import { ActionForm } from "@/app/courses/_components/action-form";
import { linkAccountAction } from "./actions";

export const metadata: Metadata = { title: "Link your Stepwise account" };

/** Explicit linking of an LMS identity to an existing Stepwise account (lib/lti/link-account.ts). */
export default async function LinkAccountPage() {
  await connection();
  const user = await requireUser({ next: "/lti/link" });
  const linkable = await isLaunchMadeAccount(db, user.id);
  return (
    <>
      <h1>Link your Stepwise account</h1>
      {linkable ? (
        <>
          <p>
            Your learning platform opened Stepwise with a new account. If you already have a Stepwise account, sign in with it here: your
            platform will open that account from now on, and this new one is removed. This works only before you answer anything with
            the new account.
          </p>
          <ActionForm action={linkAccountAction} className="card" label="Link to an existing account">
            <div className="field">
              <label htmlFor="link-email">Email of your existing account</label>
              <input id="link-email" name="email" type="email" autoComplete="username" required />
            </div>
            <div className="field">
              <label htmlFor="link-password">Password</label>
              <input id="link-password" name="password" type="password" autoComplete="current-password" required />
            </div>
            <button type="submit">Link and sign in</button>
          </ActionForm>
        </>
      ) : (
        <p>This account was not made by a launch from a learning platform, so there is nothing to link.</p>
      )}
    </>
  );
}
