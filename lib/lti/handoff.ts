import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/platform/db-client";
import { platformUrlProblem } from "./urls";

/**
 * Iframe launches (docs/decisions/015, "Embedding"). Stepwise's pages forbid framing
 * (frame-ancestors 'none', docs/decisions/007), and a session cookie inside an LMS iframe would be
 * a third-party cookie. So a launch whose launch_presentation.document_target is "iframe" starts
 * no session in the frame: the tool answers with a small page, framable by the platform's origins
 * only, whose button opens the exercise in a new window through a single-use hand-off link
 * (/lti/open?token=…, valid HANDOFF_TTL_MS) that starts the session there, first-party.
 */
export const HANDOFF_TTL_MS = 5 * 60 * 1000;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createHandoff(client: Db, userId: string, redirectTo: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await client.ltiHandoff.create({ data: { tokenHash: hash(token), userId, redirectTo, createdAt: now, expiresAt: new Date(now.getTime() + HANDOFF_TTL_MS) } });
  return token;
}

/** The hand-off's user and destination, once; null when unknown, used or expired. */
export async function consumeHandoff(client: Db, token: string, now = new Date()): Promise<{ userId: string; redirectTo: string } | null> {
  if (!token || token.length > 100) return null;
  const row = await client.ltiHandoff.findUnique({ where: { tokenHash: hash(token) } });
  if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime()) return null;
  const { count } = await client.ltiHandoff.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (count !== 1) return null;
  // Destinations are always paths of this site (set by lib/lti/launch.ts), never from the request.
  return row.redirectTo.startsWith("/") && !row.redirectTo.startsWith("//") ? { userId: row.userId, redirectTo: row.redirectTo } : null;
}

/**
 * The origins that may frame the launch page: the platform's issuer and authorization endpoint and
 * the launch's return URL (Canvas's issuer is canvas.instructure.com while the course runs on the
 * school's own host, which the return URL names). Only origins that pass the platform URL rules.
 */
export function frameAncestors(urls: (string | undefined | null)[], allowInsecure: boolean): string[] {
  const origins = new Set<string>();
  for (const u of urls) {
    if (!u || platformUrlProblem(u, allowInsecure)) continue;
    origins.add(new URL(u).origin);
  }
  return [...origins];
}
