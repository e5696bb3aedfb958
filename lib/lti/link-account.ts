import type { PrismaClient } from "@/generated/prisma/client";
import type { Db } from "@/lib/platform/db-client";
import type { CurrentUser } from "@/lib/auth/types";
import { forbidden, unauthenticated, type ActionResult } from "@/lib/platform/action-result";
import { signIn, type RequestContext } from "@/lib/accounts/cores";
import { enrol } from "@/lib/courses/queries";

/**
 * Explicit account linking (docs/decisions/015): a person whose first LMS launch made a new
 * password-less account, and who already has a Stepwise account, proves it by signing in with that
 * account's email and password (the sign-in core: same throttling, same answers). Their LMS
 * identities, enrolments, courses and score targets then point at the existing account, the
 * launch-made account is deleted, and the session becomes the existing account's.
 *
 * Never by email: a platform's email claim is not proof of owning a Stepwise account (any LMS
 * administrator can put any address there).
 *
 * Refused while the launch-made account has recorded work (answers, hints, reveals): that work
 * would have to be merged into the other account's, which this step does not do.
 */
export async function isLaunchMadeAccount(client: Db, userId: string): Promise<boolean> {
  return (await client.ltiUser.count({ where: { userId } })) > 0 && (await client.user.count({ where: { id: userId, passwordHash: "" } })) > 0;
}

export async function linkLtiAccount(
  client: PrismaClient,
  user: CurrentUser | null,
  input: unknown,
  ctx: RequestContext,
): Promise<ActionResult<{ user: CurrentUser }>> {
  if (!user) return unauthenticated();
  if (!(await isLaunchMadeAccount(client, user.id))) return forbidden("Only an account made by a launch from your LMS can be linked to another account.");
  const work = (await client.attempt.count({ where: { userId: user.id } })) + (await client.hintReveal.count({ where: { userId: user.id } })) + (await client.solutionReveal.count({ where: { userId: user.id } }));
  if (work > 0) {
    return { ok: false, status: 409, formError: "This LMS account already has answers recorded, so it can no longer be linked (the work would be lost). Ask your instructor if you need the two merged." };
  }
  const signedIn = await signIn(client, null, input, ctx);
  if (!signedIn.ok) return signedIn;
  const target = signedIn.user;
  if (target.id === user.id) return { ok: false, status: 400, formError: "That is this account." };

  await client.$transaction(async (tx) => {
    const from = user.id;
    await tx.ltiUser.updateMany({ where: { userId: from }, data: { userId: target.id } });
    // Score targets: the existing account's own row for a link wins over the launch-made one's.
    const targets = await tx.ltiGradeTarget.findMany({ where: { userId: from } });
    for (const t of targets) {
      const clash = await tx.ltiGradeTarget.count({ where: { userId: target.id, resourceLinkId: t.resourceLinkId } });
      if (clash) await tx.ltiGradeTarget.delete({ where: { id: t.id } });
      else await tx.ltiGradeTarget.update({ where: { id: t.id }, data: { userId: target.id } });
    }
    await tx.ltiScoreOutbox.deleteMany({ where: { userId: from } });
    for (const e of await tx.enrolment.findMany({ where: { userId: from }, select: { courseId: true } })) await enrol(tx, target.id, e.courseId);
    // An instructor's LMS role carries over, as a later launch would give it anyway.
    if (user.role === "INSTRUCTOR") await tx.user.update({ where: { id: target.id }, data: { role: "INSTRUCTOR" } });
    await tx.course.updateMany({ where: { ownerId: from }, data: { ownerId: target.id } });
    await tx.exercise.updateMany({ where: { authorId: from }, data: { authorId: target.id } });
    await tx.ltiDeepLinkRequest.updateMany({ where: { userId: from }, data: { userId: target.id } });
    await tx.user.delete({ where: { id: from } });
  });
  const linked = await client.user.findUniqueOrThrow({ where: { id: target.id }, select: { id: true, email: true, name: true, role: true } });
  return { ok: true, user: linked };
}
