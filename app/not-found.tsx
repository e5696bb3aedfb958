import type { Metadata } from "next";
import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Page not found" };

export default async function NotFound() {
  const user = await getCurrentUser();
  return (
    <section className="card" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">Not found</h1>
      <p>That page does not exist, or you do not have access to it.</p>
      {user ? null : (
        <p>
          If it belongs to a course you take, <Link href="/sign-in">sign in</Link> first.
        </p>
      )}
      <p style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap", marginBottom: 0 }}>
        <Link className="button" href="/">
          {!user ? "Back to the home page" : user.role === "INSTRUCTOR" ? "Back to your courses" : "Back to your exercises"}
        </Link>
      </p>
    </section>
  );
}
