import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { headers } from "next/headers";
import { devOutboxAvailable, listOutbox } from "@/lib/platform/mail";
import { isLoopbackAddress, trustedSocketAddress } from "@/lib/auth/socket-address";

export const metadata: Metadata = { title: "Dev outbox" };

/**
 * Mail the app "sent" without SMTP_URL: the local demo, development and tests. Not in real
 * production (404): there, mail goes through SMTP or nowhere, and reset links are credentials.
 * Even in the demo it answers only requests from this machine (the TCP peer is loopback): a new
 * user's trial found that anyone on the network could read reset links here and take over any
 * account, the instructor's included.
 */
export default async function DevOutboxPage() {
  await connection();
  if (!devOutboxAvailable() || !isLoopbackAddress(trustedSocketAddress(await headers()))) notFound();
  const mails = await listOutbox(db);
  return (
    <article>
      <h1>Dev outbox</h1>
      <p className="muted">Mail written here because SMTP_URL is not set (local demo, development, tests). Newest first.</p>
      {mails.length === 0 ? <p>No mail yet.</p> : null}
      {mails.map((m) => (
        <section key={m.id} className="card" aria-label={`Mail to ${m.to}: ${m.subject}`}>
          <h2 style={{ marginTop: 0 }}>{m.subject}</h2>
          <p className="muted">
            To {m.to} · {m.createdAt.toISOString()}
          </p>
          <pre style={{ whiteSpace: "pre-wrap" }}>
            {m.text.split(/(https?:\/\/\S+)/).map((part, i) => (i % 2 === 1 ? <a key={i} href={part}>{part}</a> : part))}
          </pre>
        </section>
      ))}
    </article>
  );
}
