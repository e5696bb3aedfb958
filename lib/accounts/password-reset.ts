/**
 * "Forgot password?" (issue #13 item 9): a single-use link valid for an hour, sent by mail
 * (lib/platform/mail.ts). Only the SHA-256 of the link's 256-bit token is stored, like sessions
 * and invitations. The request answers the same whether or not the email has an account, so it
 * cannot be used to find out who is registered; using the link ends every session of the account.
 */
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { hashPassword } from "@/lib/auth/password";
import { passwordStrengthProblem } from "@/lib/auth/password-strength";
import { consumePasswordReset } from "@/lib/auth/rate-limit";
import { normaliseEmail } from "@/lib/auth/users";
import { invalid, type ActionResult } from "@/lib/platform/action-result";
import { sendMail } from "@/lib/platform/mail";
import type { CurrentUser } from "@/lib/auth/types";
import { forgotPasswordSchema, resetPasswordSchema } from "@/lib/accounts/schemas";

export const RESET_TTL_MS = 60 * 60 * 1000;

/** What "Forgot password?" always answers (account or not). */
export const RESET_REQUESTED = "If an account exists for this email, we have sent it a link to choose a new password. The link works once, for an hour.";
export const INVALID_RESET = "This reset link is invalid, expired or already used. Ask for a new one.";

/** How the request came: the client address (throttling) and the site's address for the link. */
export type ResetRequestContext = { address: string; baseUrl: string | null };

/**
 * Mails a reset link to the account with this email, if there is one. Always the same answer; a
 * 429 only when this email or address asked too often (counted for unknown emails too).
 */
export async function requestPasswordReset(
  client: PrismaClient,
  _user: CurrentUser | null,
  input: unknown,
  ctx: ResetRequestContext,
  now = new Date(),
): Promise<ActionResult<{ message: string }>> {
  const parsed = forgotPasswordSchema.safeParse(input);
  if (!parsed.success) return invalid(z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  const email = normaliseEmail(parsed.data.email);
  const wait = await consumePasswordReset(client, email, ctx.address);
  if (wait !== null) return { ok: false, status: 429, formError: `Too many reset requests. Try again in ${Math.ceil(wait / 60)} min.` };

  const user = await client.user.findUnique({ where: { email }, select: { id: true, name: true } });
  if (user && ctx.baseUrl) {
    const token = generateToken();
    await client.passwordReset.create({ data: { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + RESET_TTL_MS) } });
    const link = `${ctx.baseUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await sendMail(client, {
      to: email,
      subject: "Reset your Stepwise password",
      text: `Hello ${user.name},\n\nTo choose a new password, open this link within an hour:\n\n${link}\n\nIt works once. If you did not ask for it, ignore this mail: your password stays as it is.\n`,
    });
  } else if (user) {
    console.warn("[stepwise] password reset not sent: APP_URL is not set, so no link can be made");
  }
  return { ok: true, message: RESET_REQUESTED };
}

/** Is this reset token usable now? (For the page: show the form or say the link is dead.) */
export async function isResetTokenOpen(client: PrismaClient, token: string, now = new Date()): Promise<boolean> {
  if (!token || token.length > 100) return false;
  const row = await client.passwordReset.findUnique({ where: { tokenHash: hashToken(token) }, select: { usedAt: true, expiresAt: true } });
  return row !== null && row.usedAt === null && row.expiresAt.getTime() > now.getTime();
}

/**
 * Sets a new password with a reset token: once (the token is spent atomically, so two parallel
 * uses cannot both succeed), within the hour; every session of the account ends and its other
 * open reset links die with it.
 */
export async function resetPassword(
  client: PrismaClient,
  _user: CurrentUser | null,
  input: unknown,
  now = new Date(),
): Promise<ActionResult<{ email: string }>> {
  const parsed = resetPasswordSchema.safeParse(input);
  if (!parsed.success) return invalid(z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  const { token, password } = parsed.data;
  const row = await client.passwordReset.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, user: { select: { id: true, email: true, name: true } } } });
  if (!row) return { ok: false, status: 400, formError: INVALID_RESET };
  const weak = await passwordStrengthProblem(password, [row.user.name, row.user.email]);
  if (weak) return invalid({ password: [weak] });
  const passwordHash = await hashPassword(password);

  const done = await client.$transaction(async (tx) => {
    const spent = await tx.passwordReset.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (spent.count !== 1) return false;
    await tx.user.update({ where: { id: row.user.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: row.user.id } });
    await tx.passwordReset.updateMany({ where: { userId: row.user.id, usedAt: null }, data: { usedAt: now } });
    return true;
  });
  if (!done) return { ok: false, status: 400, formError: INVALID_RESET };
  return { ok: true, email: row.user.email };
}
