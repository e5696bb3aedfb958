import type { Db } from "@/lib/platform/db-client";
import { fastSql } from "@/lib/platform/fast-sql";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { SESSION_RENEW_AFTER_MS, SESSION_TTL_MS } from "@/lib/auth/cookie";

export type SessionUser = { id: string; email: string; name: string; role: "STUDENT" | "INSTRUCTOR" };

/** Creates a session and returns the raw token (for the cookie); only its hash is stored. */
export async function createSession(client: Db, userId: string, now = new Date()) {
  const token = generateToken();
  const session = await client.session.create({
    data: { tokenHash: hashToken(token), userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) },
  });
  return { token, expiresAt: session.expiresAt, sessionId: session.id };
}

/** Sliding renewal is due when more than a day has passed since the session was last renewed. */
export function renewalDue(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() > SESSION_RENEW_AFTER_MS;
}

export type ValidatedSession = { user: SessionUser; expiresAt: Date; renewed: boolean };

/**
 * Looks a cookie token up. Expired sessions are deleted and yield null; a live one is renewed
 * (expiry pushed 30 days ahead) when due, unless `renew: false` (callers that cannot pass the new
 * expiry on to the cookie, such as page renders). Never returns the password hash.
 */
export async function validateSessionToken(
  client: Db,
  token: string,
  now = new Date(),
  options: { renew?: boolean } = {},
): Promise<ValidatedSession | null> {
  if (!token) return null;
  // Every request of a signed-in user runs this: one prepared statement (docs/decisions/012).
  const sql = await fastSql(client);
  const row = await sql.get<{ id: string; lastSeenAt: Date; expiresAt: Date; userId: string; email: string; name: string; role: SessionUser["role"] }>(
    `SELECT s."id", s."lastSeenAt", s."expiresAt", u."id" AS "userId", u."email", u."name", u."role"
       FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."tokenHash" = ?`,
    [hashToken(token)],
  );
  const session = row && { id: row.id, lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt, user: { id: row.userId, email: row.email, name: row.name, role: row.role } };
  if (!session) return null;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await client.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (options.renew === false || !renewalDue(session.lastSeenAt, now)) return { user: session.user, expiresAt: session.expiresAt, renewed: false };
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await client.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now, expiresAt } });
  return { user: session.user, expiresAt, renewed: true };
}

/** Ends a session server-side: the row is gone, so a copied cookie stops working too. */
export async function deleteSessionByToken(client: Db, token: string): Promise<void> {
  if (!token) return;
  await client.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}

export async function deleteExpiredSessions(client: Db, now = new Date()): Promise<number> {
  const { count } = await client.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
