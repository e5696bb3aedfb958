"use client";
import Link from "next/link";
import { useEffect } from "react";

/** Any page that fails to render: a plain explanation and a retry, never a stack trace. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // Keep the detail in the browser console for whoever debugs it; the page stays friendly.
    console.error(error);
  }, [error]);
  return (
    <section className="card" aria-labelledby="error-heading" role="alert">
      <title>Something went wrong · Stepwise</title>
      <h1 id="error-heading">Something went wrong</h1>
      <p>This page could not be loaded. Your saved work is safe: answers and drafts are stored as you go.</p>
      <p className="muted">Try again in a moment. If it keeps happening, tell your instructor{error.digest ? ` and quote the code ${error.digest}` : ""}.</p>
      <p style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap", marginBottom: 0 }}>
        <button type="button" onClick={() => reset()}>
          Try again
        </button>
        <Link className="button secondary" href="/">
          Back to the home page
        </Link>
      </p>
    </section>
  );
}
