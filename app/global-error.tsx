"use client";
import "./globals.css";

/** Last resort when the root layout itself fails (e.g. the database is unreachable for the header). */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main className="container" style={{ paddingTop: "2rem" }}>
          <title>Something went wrong · Stepwise</title>
          <section className="card" role="alert" aria-labelledby="global-error-heading">
            <h1 id="global-error-heading">Stepwise is having trouble</h1>
            <p>The page could not be loaded. Your saved work is safe.</p>
            {error.digest ? <p className="muted">Error code: {error.digest}</p> : null}
            <p style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap", marginBottom: 0 }}>
              <button type="button" onClick={() => reset()}>
                Try again
              </button>
              {/* A full reload, since the app shell itself failed. */}
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
              <a className="button secondary" href="/">
                Back to the home page
              </a>
            </p>
          </section>
        </main>
      </body>
    </html>
  );
}
