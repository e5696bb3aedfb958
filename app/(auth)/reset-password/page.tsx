import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { INVALID_RESET, isResetTokenOpen } from "@/lib/accounts/password-reset";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

export default async function ResetPasswordPage({ searchParams }: Props) {
  await connection();
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  const open = await isResetTokenOpen(db, token);
  return (
    <div style={{ maxWidth: "28rem" }}>
      <h1>Choose a new password</h1>
      {open ? (
        <ResetPasswordForm token={token} />
      ) : (
        <p className="notice bad" role="alert">
          {INVALID_RESET} <Link href="/forgot-password">Forgot password?</Link>
        </p>
      )}
    </div>
  );
}
