/**
 * Outgoing mail (password reset links). With SMTP_URL, through nodemailer's SMTP transport; without
 * it — the local demo, development and tests — written to the dev outbox (OutboxMail, shown on
 * /dev/outbox) with a log line. In real production without SMTP_URL nothing is sent and only the
 * recipient is logged: a reset link in a production log would be a credential in the log.
 */
import type { Db } from "./db-client";
import { env } from "./env";

export type Mail = { to: string; subject: string; text: string };

type Transport = { sendMail(message: Mail & { from: string }): Promise<unknown> };
let transport: Promise<Transport> | undefined;

function smtpTransport(url: string): Promise<Transport> {
  // Loaded only when configured: the demo and the tests never open a connection.
  transport ??= import("nodemailer").then((nodemailer) => nodemailer.createTransport(url) as Transport);
  return transport;
}

/** Is the dev outbox (and its page) available? Everywhere except real production. */
export function devOutboxAvailable(): boolean {
  return !env().production;
}

/** Sends one plain-text mail; see the module comment for where it goes. */
export async function sendMail(client: Db, mail: Mail): Promise<void> {
  const { smtpUrl, mailFrom, production } = env();
  if (smtpUrl) {
    await (await smtpTransport(smtpUrl)).sendMail({ from: mailFrom, ...mail });
    return;
  }
  if (production) {
    console.warn(`[stepwise] mail to ${mail.to} not sent: SMTP_URL is not set ("${mail.subject}")`);
    return;
  }
  await client.outboxMail.create({ data: mail });
  console.info(`[stepwise] mail to ${mail.to} written to the dev outbox (/dev/outbox): ${mail.subject}`);
}

/** The dev outbox, newest first (empty in real production). */
export async function listOutbox(client: Db, limit = 50) {
  if (!devOutboxAvailable()) return [];
  return client.outboxMail.findMany({ orderBy: { createdAt: "desc" }, take: limit });
}
