import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getCurrentUser, safeNextPath } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string | string[]; reset?: string | string[] }> };

export default async function SignInPage({ searchParams }: Props) {
  await connection();
  const params = await searchParams;
  const raw = params.next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getCurrentUser()) redirect(next);
  return (
    <div style={{ maxWidth: "28rem" }}>
      <h1>Sign in</h1>
      {params.reset === "1" ? (
        <p className="notice ok" role="status">
          Your password has been changed and every session of your account has ended. Sign in with the new password.
        </p>
      ) : null}
      <SignInForm next={next} />
      <p>
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
      <p>
        New here? <Link href="/sign-up">Create a student account</Link>
      </p>
    </div>
  );
}
