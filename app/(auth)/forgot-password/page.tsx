import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <div style={{ maxWidth: "28rem" }}>
      <h1>Forgot your password?</h1>
      <p>Enter the email of your account. We will send it a link to choose a new password; the link works once, for an hour.</p>
      <ForgotPasswordForm />
      <p>
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </div>
  );
}
