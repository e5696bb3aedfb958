import { createHash } from "node:crypto";
import type { Db } from "@/lib/platform/db-client";
import { enrol, upsertAssignment } from "@/lib/courses/queries";
import { CLAIM, isInstructorRole, MESSAGE_DEEP_LINKING, SCOPE } from "./claims";
import { exerciseSlugFromUri } from "./urls";
import type { VerifiedLaunch } from "./verify";

/**
 * Step 3 of a launch, after verification: who this is in Stepwise, which course, which exercise.
 *
 * - Identity: the platform's user is (platform, `sub`). The first launch creates a Stepwise
 *   account for it: no password (it cannot sign in with one), an address under the reserved
 *   `.invalid` domain (the platform's email claim is never used to find an existing account —
 *   linking to an existing account is an explicit step, docs/decisions/015). Roles: Instructor,
 *   TeachingAssistant (and Administrator, ContentDeveloper) → instructor; anything else → student.
 *   A student who later launches as an instructor becomes one; nobody is demoted by a launch.
 * - Course: the platform's context (per deployment) gets a Stepwise course on first launch, owned by
 *   the first instructor who launches it (until then by a per-platform placeholder instructor, so a
 *   student may launch first). Students are enrolled.
 * - Exercise: a resource link is tied to an exercise by deep linking (custom `stepwise_exercise`)
 *   or, for a pasted tool URL, by a `target_link_uri` that is an exercise page of this site. The
 *   exercise is assigned in the course; a student's launch records where their score goes.
 */
export type LaunchOutcome =
  | {
      ok: true;
      userId: string;
      redirectTo: string;
      /** launch_presentation.document_target is "iframe": no session in the frame (lib/lti/handoff.ts). */
      framed: boolean;
      /** URLs whose origins may frame the launch's pages (issuer, auth endpoint, return URLs). */
      frameUrls: string[];
      deepLinkRequestId?: string;
    }
  | { ok: false; status: 400 | 403 | 404; reason: string };

const INVALID_DOMAIN = "lti.stepwise.invalid";

function idHash(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 24);
}

/** The person's name from OIDC-style fields (`name`, else `given_name family_name`): launches' claims and NRPS members alike. */
export function displayName(claims: Record<string, unknown>): string {
  const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  const name = str(claims.name) || [str(claims.given_name), str(claims.family_name)].filter(Boolean).join(" ");
  return (name || "LMS user").slice(0, 200);
}

/**
 * The Stepwise account of a platform user (platform, `sub`): found, or created with no password
 * and an address under the reserved `.invalid` domain. `instructor` promotes a student account
 * (never demotes). Shared by launches and roster sync (lib/lti/roster.ts), so both make the same
 * account for the same person. `name` is used only when the account is created.
 */
export async function findOrCreateLtiAccount(
  client: Db,
  platformId: string,
  sub: string,
  options: { name: string; instructor: boolean },
): Promise<{ userId: string; created: boolean; promoted: boolean }> {
  const where = { platformId_sub: { platformId, sub } };
  let known = await client.ltiUser.findUnique({ where });
  // No foreign key (docs/decisions/015): an identity whose account was deleted starts afresh.
  if (known && (await client.user.count({ where: { id: known.userId } })) === 0) {
    await client.ltiUser.delete({ where: { id: known.id } });
    known = null;
  }
  if (known) {
    const promoted = options.instructor ? (await client.user.updateMany({ where: { id: known.userId, role: "STUDENT" }, data: { role: "INSTRUCTOR" } })).count > 0 : false;
    return { userId: known.userId, created: false, promoted };
  }
  const email = `lti-${idHash(platformId, sub)}@${INVALID_DOMAIN}`;
  const user = await client.user.upsert({
    where: { email },
    create: { email, name: options.name, passwordHash: "", role: options.instructor ? "INSTRUCTOR" : "STUDENT" },
    update: {},
    select: { id: true },
  });
  await client.ltiUser.upsert({ where, create: { platformId, sub, userId: user.id }, update: {} });
  return { userId: (await client.ltiUser.findUniqueOrThrow({ where })).userId, created: true, promoted: false };
}

async function findOrCreateUser(client: Db, launch: VerifiedLaunch, instructor: boolean): Promise<string> {
  const account = await findOrCreateLtiAccount(client, launch.platform.id, String(launch.claims.sub), { name: displayName(launch.claims), instructor });
  return account.userId;
}

async function placeholderOwner(client: Db, platform: VerifiedLaunch["platform"]): Promise<string> {
  const email = `platform-${idHash(platform.id)}@${INVALID_DOMAIN}`;
  const user = await client.user.upsert({
    where: { email },
    create: { email, name: `Courses from ${new URL(platform.issuer).host}`, passwordHash: "", role: "INSTRUCTOR" },
    update: {},
    select: { id: true },
  });
  return user.id;
}

async function courseForContext(client: Db, launch: VerifiedLaunch, userId: string, instructor: boolean): Promise<{ courseId: string; contextRowId: string } | null> {
  const context = launch.claims[CLAIM.context] as { id?: unknown; title?: unknown; label?: unknown } | undefined;
  if (!context || typeof context.id !== "string" || context.id === "") return null;
  const where = { platformId_deploymentId_contextId: { platformId: launch.platform.id, deploymentId: launch.deploymentId, contextId: context.id } };
  let row = await client.ltiContext.findUnique({ where });
  if (row && (await client.course.count({ where: { id: row.courseId } })) === 0) {
    await client.ltiContext.delete({ where: { id: row.id } });
    row = null;
  }
  if (!row) {
    const title = (typeof context.title === "string" && context.title.trim()) || (typeof context.label === "string" && context.label.trim()) || "Course from the LMS";
    const ownerId = instructor ? userId : await placeholderOwner(client, launch.platform);
    const course = await client.course.create({ data: { title: title.slice(0, 200), description: `Linked to ${launch.platform.issuer} (LTI).`, ownerId }, select: { id: true } });
    try {
      row = await client.ltiContext.create({ data: { platformId: launch.platform.id, deploymentId: launch.deploymentId, contextId: context.id, courseId: course.id } });
    } catch {
      // Two first launches at once: the other one's course wins, ours goes.
      await client.course.delete({ where: { id: course.id } });
      row = await client.ltiContext.findUniqueOrThrow({ where });
    }
  } else if (instructor) {
    const placeholder = await placeholderOwner(client, launch.platform);
    await client.course.updateMany({ where: { id: row.courseId, ownerId: placeholder }, data: { ownerId: userId } });
  }
  const nrps = namesRoleService(launch.claims);
  if (nrps && (nrps.membershipsUrl !== row.membershipsUrl || nrps.serviceVersions !== row.nrpsServiceVersions)) {
    await client.ltiContext.update({ where: { id: row.id }, data: { membershipsUrl: nrps.membershipsUrl, nrpsServiceVersions: nrps.serviceVersions } });
  }
  if (!instructor) await enrol(client, userId, row.courseId);
  return { courseId: row.courseId, contextRowId: row.id };
}

/**
 * The launch's Names and Role Provisioning Services claim (NRPS 2.0):
 * `{ context_memberships_url: string, service_versions: ["2.0"] }`, or null when absent or
 * malformed. The URL is kept as the platform sent it (each launch refreshes it, like AGS's line
 * item); the https rule is applied when the roster is fetched (lib/lti/roster.ts).
 */
function namesRoleService(claims: Record<string, unknown>): { membershipsUrl: string; serviceVersions: string } | null {
  const claim = claims[CLAIM.namesRoleService] as { context_memberships_url?: unknown; service_versions?: unknown } | undefined;
  const url = claim?.context_memberships_url;
  if (typeof url !== "string" || url === "" || url.length > 2000) return null;
  const versions = Array.isArray(claim?.service_versions) ? claim.service_versions.filter((v): v is string => typeof v === "string") : [];
  return { membershipsUrl: url, serviceVersions: JSON.stringify(versions) };
}

export async function applyLaunch(client: Db, launch: VerifiedLaunch, publicUrl: string, now = new Date()): Promise<LaunchOutcome> {
  const roles = (launch.claims[CLAIM.roles] as unknown[]).filter((r): r is string => typeof r === "string");
  const instructor = isInstructorRole(roles);
  const presentation = launch.claims[CLAIM.launchPresentation] as { document_target?: unknown; return_url?: unknown } | undefined;
  const framed = presentation?.document_target === "iframe";
  const frameUrls = [launch.platform.issuer, launch.platform.authUrl, typeof presentation?.return_url === "string" ? presentation.return_url : ""].filter(Boolean);

  if (launch.messageType === MESSAGE_DEEP_LINKING) {
    if (!instructor) return { ok: false, status: 403, reason: "Only instructors can choose Stepwise exercises for the course." };
    const settings = launch.claims[CLAIM.deepLinkingSettings] as { deep_link_return_url?: unknown; data?: unknown } | undefined;
    if (!settings || typeof settings.deep_link_return_url !== "string") return { ok: false, status: 400, reason: "The deep-linking request has no deep_link_return_url." };
    const userId = await findOrCreateUser(client, launch, true);
    const course = await courseForContext(client, launch, userId, true);
    const request = await client.ltiDeepLinkRequest.create({
      data: {
        platformId: launch.platform.id,
        deploymentId: launch.deploymentId,
        userId,
        returnUrl: settings.deep_link_return_url,
        data: typeof settings.data === "string" ? settings.data : null,
        contextRowId: course?.contextRowId ?? null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + 60 * 60 * 1000),
      },
    });
    return { ok: true, userId, redirectTo: `/lti/deep-link/${request.id}`, framed, frameUrls: [...frameUrls, settings.deep_link_return_url], deepLinkRequestId: request.id };
  }

  const resourceLink = launch.claims[CLAIM.resourceLink] as { id: string; title?: unknown };
  const linkWhere = { platformId_deploymentId_resourceLinkId: { platformId: launch.platform.id, deploymentId: launch.deploymentId, resourceLinkId: resourceLink.id } };
  const existingLink = await client.ltiResourceLink.findUnique({ where: linkWhere });
  let exercise: { id: string; slug: string } | null = null;
  if (existingLink) {
    exercise = await client.exercise.findUnique({ where: { id: existingLink.exerciseId }, select: { id: true, slug: true } });
  } else {
    const custom = launch.claims[CLAIM.custom] as Record<string, unknown> | undefined;
    const slug = typeof custom?.stepwise_exercise === "string" ? custom.stepwise_exercise : exerciseSlugFromUri(launch.targetLinkUri, publicUrl);
    if (slug) exercise = await client.exercise.findFirst({ where: { slug, published: true }, select: { id: true, slug: true } });
  }
  if (!exercise) {
    return {
      ok: false,
      status: 404,
      reason: "This link does not lead to a published Stepwise exercise. Ask your instructor to choose the exercise again (deep linking), or use an exercise page's address as the tool URL.",
    };
  }

  const userId = await findOrCreateUser(client, launch, instructor);
  const course = await courseForContext(client, launch, userId, instructor);
  const ags = launch.claims[CLAIM.agsEndpoint] as { scope?: unknown; lineitem?: unknown; lineitems?: unknown } | undefined;
  const scopes = Array.isArray(ags?.scope) ? ags.scope : [];
  const agsData = {
    // The platform's claim is the authority on where this link's scores go: refreshed every launch.
    lineItemUrl: typeof ags?.lineitem === "string" ? ags.lineitem : (existingLink?.lineItemUrl ?? null),
    lineItemsUrl: typeof ags?.lineitems === "string" && scopes.includes(SCOPE.lineItem) ? ags.lineitems : null,
    canPostScores: scopes.includes(SCOPE.score),
  };
  const link = await client.ltiResourceLink.upsert({
    where: linkWhere,
    create: {
      platformId: launch.platform.id,
      deploymentId: launch.deploymentId,
      resourceLinkId: resourceLink.id,
      exerciseId: exercise.id,
      courseId: course?.courseId ?? null,
      contextRowId: course?.contextRowId ?? null,
      title: typeof resourceLink.title === "string" ? resourceLink.title.slice(0, 200) : "",
      ...agsData,
    },
    update: { ...agsData, courseId: course?.courseId ?? existingLink?.courseId ?? null },
  });
  if (course) {
    // Assigned on first launch, worth one point per step like the line item deep linking asked the
    // LMS for; an instructor's later changes (due date, points) are kept.
    const assigned = await client.assignment.count({ where: { courseId: course.courseId, exerciseId: exercise.id } });
    if (!assigned) {
      const steps = await client.step.count({ where: { version: { currentOf: { id: exercise.id } } } });
      await upsertAssignment(client, course.courseId, exercise.id, null, { points: Math.max(1, steps) }).catch((error: unknown) => {
        // Two first launches at once: the other one assigned it.
        if ((error as { code?: unknown }).code !== "P2002") throw error;
      });
    }
  }
  if (!instructor && link.canPostScores) {
    await client.ltiGradeTarget.upsert({
      where: { userId_resourceLinkId: { userId, resourceLinkId: link.id } },
      create: { userId, resourceLinkId: link.id, exerciseId: exercise.id, sub: String(launch.claims.sub) },
      update: { sub: String(launch.claims.sub) },
    });
  }
  return { ok: true, userId, redirectTo: course ? `/courses/${course.courseId}/exercises/${exercise.slug}` : `/exercises/${exercise.slug}`, framed, frameUrls };
}
