import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { getCurrentUser } from "@/lib/auth/session";
import { findOpenInvitation } from "@/lib/accounts/cores";
import { SignUpForm } from "./sign-up-form";
import { AcceptInvitationForm } from "./accept-invitation-form";

export const metadata: Metadata = { title: "Sign up" };

type Props = { searchParams: Promise<{ invite?: string | string[]; code?: string | string[] }> };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SignUpPage({ searchParams }: Props) {
  await connection();
  const params = await searchParams;
  const invite = first(params.invite);
  const invitation = invite ? await findOpenInvitation(db, invite) : null;
  const user = await getCurrentUser();
  if (user && invitation && invite && user.role === "STUDENT") {
    // A signed-in student opening an instructor invitation upgrades this account (issue #13 item 9).
    return (
      <div style={{ maxWidth: "30rem" }}>
        <h1>Become an instructor</h1>
        <p>
          You are signed in as {user.email}. This invitation makes your account an instructor account: you keep your
          courses and work, and can create courses and exercises.
        </p>
        <AcceptInvitationForm invite={invite} />
      </div>
    );
  }
  if (user) redirect("/");
  return (
    <div style={{ maxWidth: "30rem" }}>
      <h1>{invitation ? "Create your instructor account" : "Create a student account"}</h1>
      {invite && !invitation ? (
        <p className="notice bad" role="alert">
          This invitation link is invalid, expired or already used. Ask the instructor who invited you for a new one.
        </p>
      ) : (
        <SignUpForm invite={invitation ? invite : undefined} inviteEmail={invitation?.email} joinCode={first(params.code)} />
      )}
      <p>
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </div>
  );
}
