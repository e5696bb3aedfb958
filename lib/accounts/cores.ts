/**
 * Sign-in, sign-up and invitations, with the app's core signature (client, user, input, context), so they are
 * tested against a real database. The server actions in app/(auth) only add cookies and redirects.
 * Passwords are never logged, returned or put in an error message.
 */
import { z } from "zod";
import type { Db } from "@/lib/platform/db-client";
import type { PrismaClient } from "@/generated/prisma/client";
import { createUser, findUserCredentials, normaliseEmail, userExists } from "@/lib/auth/users";
import { findCourseByJoinCode } from "@/lib/courses/queries";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { passwordStrengthProblem } from "@/lib/auth/password-strength";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { consumeSignUp, reserveSignInAttempt, settleSignInSuccess, signInBlockedFor, tooManyAttemptsMessage } from "@/lib/auth/rate-limit";
import { invalid, unauthenticated, forbidden, type ActionResult, type FieldErrors } from "@/lib/platform/action-result";
import { acceptInvitationSchema, invitationSchema, signInSchema, signUpSchema } from "@/lib/accounts/schemas";
import type { CurrentUser } from "@/lib/auth/types";

export const WRONG_CREDENTIALS = "Email or password is incorrect.";
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type RequestContext = { address: string };

function fieldErrorsOf(error: z.ZodError): FieldErrors {
  return z.flattenError(error).fieldErrors as FieldErrors;
}

/** Verifying against this when the email is unknown makes both failures take about as long. */
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(generateToken());
  return dummyHash;
}

export async function signIn(client: Db, _user: CurrentUser | null, input: unknown, ctx: RequestContext): Promise<ActionResult<{ user: CurrentUser }>> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  const { email, password } = parsed.data;

  const wait = await signInBlockedFor(client, email, ctx.address);
  if (wait !== null) return { ok: false, status: 429, formError: tooManyAttemptsMessage(wait) };
  // Counted before verifying, so parallel requests cannot try more passwords than the limit.
  const reserved = await reserveSignInAttempt(client, email, ctx.address);
  if (reserved?.over) return { ok: false, status: 429, formError: tooManyAttemptsMessage(reserved.wait) };

  const found = await findUserCredentials(client, email);
  const passwordOk = await verifyPassword(found?.passwordHash ?? (await getDummyHash()), password);
  if (!found || !passwordOk) {
    if (reserved !== null) return { ok: false, status: 429, formError: tooManyAttemptsMessage(reserved.wait) };
    return { ok: false, status: 401, formError: WRONG_CREDENTIALS };
  }
  await settleSignInSuccess(client, email, ctx.address);
  return { ok: true, user: { id: found.id, email: found.email, name: found.name, role: found.role } };
}

export type InvitationView = { email: string; expiresAt: Date };

/** An invitation that can still be accepted, or null. */
export async function findOpenInvitation(client: Db, token: string, now = new Date()) {
  if (!token) return null;
  const invitation = await client.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= now.getTime()) return null;
  return invitation;
}

export const INVALID_INVITATION = "This invitation link is invalid, expired or already used.";

export async function signUp(client: PrismaClient, _user: CurrentUser | null, input: unknown, ctx: RequestContext): Promise<ActionResult<{ user: CurrentUser }>> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  const { name, email, password, joinCode, invite } = parsed.data;
  // Input validation, like the schema: refused before the attempt counts against the address.
  const weak = await passwordStrengthProblem(password, [name, email]);
  if (weak) return invalid({ password: [weak] });

  const wait = await consumeSignUp(client, ctx.address);
  if (wait !== null) return { ok: false, status: 429, formError: `Too many sign-ups from your network. Try again in ${wait} s.` };

  const invitation = invite ? await findOpenInvitation(client, invite) : null;
  if (invite && !invitation) return { ok: false, status: 400, formError: INVALID_INVITATION };
  if (invitation && invitation.email !== email) {
    return invalid({ email: ["Use the email address this invitation was sent to."] });
  }
  const course = joinCode ? await findCourseByJoinCode(client, joinCode) : null;
  if (joinCode && !course) return invalid({ joinCode: ["No course has this join code. Check it with your instructor."] });

  // Without an email channel, sign-up cannot hide that an address is taken; the per-address
  // sign-up limit above keeps this from being a fast way to probe emails (see docs/decisions/002).
  if (await userExists(client, email)) {
    return { ok: false, status: 409, formError: "An account with this email already exists. Sign in instead.", fieldErrors: { email: ["Already registered."] } };
  }

  const passwordHash = await hashPassword(password);
  try {
    const user = await client.$transaction(async (tx) => {
      const created = await createUser(tx, { email, name, passwordHash, role: invitation ? "INSTRUCTOR" : "STUDENT" });
      if (course) await tx.enrolment.create({ data: { userId: created.id, courseId: course.id } });
      // Spent inside the transaction and only if still unspent: two sign-ups racing with one link
      // (on PostgreSQL nothing serialises them) must not both become instructors.
      if (invitation) {
        const spent = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
        if (spent.count !== 1) throw new InvitationSpent();
      }
      return created;
    });
    return { ok: true, user };
  } catch (error) {
    if (error instanceof InvitationSpent) return { ok: false, status: 409, formError: "This invitation has already been used." };
    if (error instanceof Error && "code" in error && (error as { code: unknown }).code === "P2002") {
      return { ok: false, status: 409, formError: "An account with this email already exists. Sign in instead." };
    }
    throw error;
  }
}

/** An instructor invites another instructor: a one-time link valid for a week. Returns the token
 * once (for the link); only its hash is stored. */
export async function createInvitation(
  client: Db,
  user: CurrentUser | null,
  input: unknown,
  now = new Date(),
): Promise<ActionResult<{ token: string; email: string; expiresAt: Date }>> {
  if (!user) return unauthenticated();
  if (user.role !== "INSTRUCTOR") return forbidden();
  const parsed = invitationSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
  const email = normaliseEmail(parsed.data.email);
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  await client.invitation.create({ data: { email, tokenHash: hashToken(token), role: "INSTRUCTOR", invitedById: user.id, expiresAt } });
  return { ok: true, token, email, expiresAt };
}

/**
 * A signed-in student accepts an instructor invitation sent to their own email: the account
 * becomes an instructor account (issue #13 item 9) — no second account needed. Single use: the
 * invitation is spent atomically with the upgrade.
 */
export async function acceptInvitation(client: PrismaClient, user: CurrentUser | null, input: unknown, now = new Date()): Promise<ActionResult> {
  if (!user) return unauthenticated();
  const parsed = acceptInvitationSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 404, formError: INVALID_INVITATION };
  const invitation = await findOpenInvitation(client, parsed.data.invite, now);
  // Unknown and someone else's look the same: the link does not confirm whom it was sent to.
  if (!invitation || invitation.email !== normaliseEmail(user.email)) {
    return { ok: false, status: invitation ? 403 : 404, formError: invitation ? "This invitation was sent to another email address." : INVALID_INVITATION };
  }
  if (user.role === "INSTRUCTOR") return { ok: false, status: 409, formError: "Your account is already an instructor account." };
  const upgraded = await client.$transaction(async (tx) => {
    const spent = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: now } });
    if (spent.count !== 1) return false;
    await tx.user.update({ where: { id: user.id }, data: { role: invitation.role } });
    return true;
  });
  return upgraded ? { ok: true } : { ok: false, status: 404, formError: INVALID_INVITATION };
}

class InvitationSpent extends Error {}
