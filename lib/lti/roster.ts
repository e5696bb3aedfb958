import { z } from "zod";
import type { PrismaClient } from "@/lib/platform/prisma-client";
import type { Db } from "@/lib/platform/db-client";
import type { CurrentUser } from "@/lib/auth/types";
import { isCourseOwner } from "@/lib/auth/policy";
import { enrol } from "@/lib/courses/queries";
import { forbidden, invalid, notFound, unauthenticated, type ActionResult } from "@/lib/platform/action-result";
import { isInstructorRole, NRPS_MEMBERSHIP_MEDIA_TYPE, SCOPE } from "./claims";
import { displayName, findOrCreateLtiAccount } from "./launch";
import { accessToken, clearTokenCache, httpCall, PlatformCallError, responseProblem, type ServiceCallOptions } from "./service-client";

/**
 * Roster sync from the LMS: 1EdTech Names and Role Provisioning Services 2.0 (NRPS).
 *
 * A launch that carries the NRPS claim leaves its `context_memberships_url` on the LTI context
 * (lib/lti/launch.ts). The course's instructor presses "Sync roster from LMS"; syncRoster then
 * 1. reads the whole membership container first — a client-credentials token with the
 *    `contextmembership.readonly` scope (the AGS token code, lib/lti/service-client.ts), GET with
 *    `Accept: application/vnd.ims.lti-nrps.v2.membershipcontainer+json`, following
 *    `Link: <…>; rel="next"` pages (same origin only, at most MAX_PAGES pages / MAX_MEMBERS members;
 *    the `differences` link is not used: a full read is what lets us see who vanished);
 * 2. then writes everything in ONE transaction, so a platform that refuses or fails half-way leaves
 *    nothing half-written:
 *    - an Active member gets the same account a launch would make (findOrCreateLtiAccount: platform
 *      + `user_id`, which is the launch's `sub`); roles map as at launch (Instructor,
 *      TeachingAssistant, Administrator, ContentDeveloper → instructor, never demoted; anything else
 *      → student) and students are enrolled;
 *    - a student who is Inactive or Deleted in the LMS, or who vanished from its roster, is
 *      UNENROLLED — the same step as the instructor's "Remove" button: their attempts, progress,
 *      extensions and LMS identity are kept (nothing is deleted), the gradebook and the course page
 *      stop listing them, and a later sync or launch that finds them Active enrols them again with
 *      all their work. Only accounts of the LMS (an LtiUser of the context's platform) are touched:
 *      students who joined with the join code are not in the LMS roster and stay enrolled.
 *    - members who are Inactive/Deleted and unknown here get no account.
 * An empty roster is refused (a course always has at least its instructor in the LMS; an empty
 * answer is a platform fault, and acting on it would unenrol everyone).
 */
export const MAX_PAGES = 100;
export const MAX_MEMBERS = 20_000;
const SYNC_TRANSACTION_TIMEOUT_MS = 120_000;

export type RosterSyncSummary = {
  /** Members in the LMS roster (every status). */
  members: number;
  /** Students newly enrolled (new accounts, and known ones enrolled again). */
  added: number;
  /** Students unenrolled: Inactive or Deleted in the LMS, or no longer on its roster. */
  inactive: number;
  /** Accounts that became instructors (an instructor role in the LMS). */
  promoted: number;
  /** Instructor accounts created (not enrolled: instructors are not course members in Stepwise). */
  instructorsAdded: number;
};

export type RosterSyncOptions = ServiceCallOptions;

const inputSchema = z.object({ courseId: z.string().trim().min(1).max(100) });

const memberSchema = z.object({
  user_id: z.string().min(1).max(1000),
  roles: z.array(z.string()).default([]),
  status: z.string().optional(),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
});
const containerSchema = z.object({
  context: z.object({ id: z.string() }).partial().optional(),
  members: z.array(memberSchema),
});
type Member = z.infer<typeof memberSchema>;

/** Human-readable result line, e.g. "12 members: 3 added, 1 now inactive." */
export function describeRosterSync(s: RosterSyncSummary): string {
  const parts = [`${s.added} added`, `${s.inactive} now inactive`];
  if (s.instructorsAdded) parts.push(`${s.instructorsAdded} instructor${s.instructorsAdded === 1 ? "" : "s"} added`);
  if (s.promoted) parts.push(`${s.promoted} now instructor${s.promoted === 1 ? "" : "s"}`);
  return `${s.members} member${s.members === 1 ? "" : "s"}: ${parts.join(", ")}.`;
}

/**
 * `rel` → URL of an HTTP Link header (RFC 8288), e.g. `<https://a/b?page=2>; rel="next"`.
 * Relative targets resolve against `base`. A rel with several values maps each of them.
 */
export function parseLinkHeader(header: string | null, base: string): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  // <target> then `; name=value` parameters, a value quoted (it may hold commas) or a token.
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[\w*.-]+\s*(?:=\s*(?:"[^"]*"|[^;,\s]*))?)*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? "");
    if (!rel) continue;
    let url: string;
    try {
      url = new URL(match[1]!, base).toString();
    } catch {
      continue;
    }
    for (const name of (rel[1] ?? rel[2] ?? "").toLowerCase().split(/\s+/).filter(Boolean)) if (!links.has(name)) links.set(name, url);
  }
  return links;
}

/** Every member of one context's roster, all pages read (throws PlatformCallError). */
async function fetchRoster(
  client: Db,
  platform: { id: string; clientId: string; tokenUrl: string },
  context: { contextId: string; membershipsUrl: string },
  options: RosterSyncOptions,
): Promise<Member[]> {
  const token = await accessToken(client, platform, [SCOPE.contextMembership], options);
  const origin = new URL(context.membershipsUrl).origin;
  const members: Member[] = [];
  let url: string | undefined = context.membershipsUrl;
  for (let page = 1; url; page++) {
    if (page > MAX_PAGES) throw new PlatformCallError(`the roster has more than ${MAX_PAGES} pages; nothing was changed`, true);
    const response = await httpCall(options.fetch ?? fetch, url, { method: "GET", headers: { authorization: `Bearer ${token}`, accept: NRPS_MEMBERSHIP_MEDIA_TYPE } }, options.allowInsecure);
    // A token the platform no longer honours is not asked again from the cache next time.
    if (response.status === 401) clearTokenCache();
    if (!response.ok) throw await responseProblem(response, "roster (memberships) endpoint");
    const parsed = containerSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new PlatformCallError(`roster page ${page} is not an NRPS membership container: ${parsed.error.issues[0]?.message ?? "bad shape"}`, true);
    if (parsed.data.context?.id !== undefined && parsed.data.context.id !== context.contextId) {
      throw new PlatformCallError(`the roster is of another context (${parsed.data.context.id}, expected ${context.contextId})`, true);
    }
    members.push(...parsed.data.members);
    if (members.length > MAX_MEMBERS) throw new PlatformCallError(`the roster has more than ${MAX_MEMBERS} members; nothing was changed`, true);
    const next = parseLinkHeader(response.headers.get("link"), url).get("next");
    // The bearer token goes with the next request: only to the platform's own origin.
    if (next && new URL(next).origin !== origin) throw new PlatformCallError(`the roster's next page is on another host (${new URL(next).host})`, true);
    url = next;
  }
  return members;
}

const inactiveStatus = (status: string | undefined) => status === "Inactive" || status === "Deleted";

/**
 * Core of the course page's "Sync roster from LMS" (instructor who owns the course):
 * input `{ courseId }`; `options` are the service-call settings (allowInsecure from the
 * environment; `fetch` for tests). Returns the summary (RosterSyncSummary, describeRosterSync), or
 * 401/403 (not the owner; another instructor's course is refused the same way), 404 (the course is
 * not linked to an LMS context that offers the roster service: launch it from the LMS first), 502
 * (the platform refused the token or the roster, is unreachable, or answered something that is not
 * a roster — nothing was changed).
 */
export async function syncRoster(
  client: PrismaClient,
  user: CurrentUser | null,
  rawInput: unknown,
  options: RosterSyncOptions,
): Promise<ActionResult<{ summary: RosterSyncSummary; message: string }>> {
  if (!user) return unauthenticated();
  const courseId = (rawInput as { courseId?: unknown } | null)?.courseId;
  if (typeof courseId !== "string" || !(await isCourseOwner(client, user, courseId))) return forbidden("Only the course's instructor can sync its roster.");
  const parsed = inputSchema.safeParse(rawInput);
  if (!parsed.success) return invalid({ courseId: parsed.error.issues.map((i) => i.message) });

  const contexts = await client.ltiContext.findMany({ where: { courseId, membershipsUrl: { not: null } } });
  if (contexts.length === 0) return notFound("This course is not linked to an LMS course that offers its roster (launch Stepwise from the LMS course first).");

  // 1. Read every roster before writing anything.
  const rosters: { context: (typeof contexts)[number]; members: Member[] }[] = [];
  try {
    for (const context of contexts) {
      const platform = await client.ltiPlatform.findUnique({ where: { id: context.platformId } });
      if (!platform) continue; // unregistered since; its context is left alone
      rosters.push({ context, members: await fetchRoster(client, platform, { contextId: context.contextId, membershipsUrl: context.membershipsUrl! }, options) });
    }
  } catch (error) {
    if (!(error instanceof PlatformCallError)) throw error;
    const refused = error.status !== undefined;
    console.warn(`[stepwise] lti roster sync of course ${courseId} failed: ${error.message}`);
    return {
      ok: false,
      status: 502,
      formError: `${refused ? "The LMS refused the roster request" : "Could not get the roster from the LMS"} (${error.message}). Nothing was changed.`,
    };
  }
  if (rosters.length === 0) return notFound("The LMS this course is linked to is no longer registered.");
  const total = rosters.reduce((n, r) => n + r.members.length, 0);
  if (total === 0) return { ok: false, status: 502, formError: "The LMS returned an empty roster (not even its instructor). Nothing was changed." };

  // 2. One transaction for every write.
  const summary = await client.$transaction(
    async (tx) => {
      const s: RosterSyncSummary = { members: total, added: 0, inactive: 0, promoted: 0, instructorsAdded: 0 };
      const enrolled = new Set((await tx.enrolment.findMany({ where: { courseId }, select: { userId: true } })).map((e) => e.userId));
      const keep = new Set<string>(); // userIds the LMS lists as active students
      const listed = new Set<string>(); // `${platformId} ${sub}` of every member, any status
      const unenrol = new Set<string>();
      for (const { context, members } of rosters) {
        for (const member of members) {
          const key = `${context.platformId} ${member.user_id}`;
          if (listed.has(key)) continue; // a member repeated across pages counts once
          listed.add(key);
          const instructor = isInstructorRole(member.roles);
          if (inactiveStatus(member.status)) {
            if (instructor) continue; // instructors are not enrolled; nothing to undo
            const known = await tx.ltiUser.findUnique({ where: { platformId_sub: { platformId: context.platformId, sub: member.user_id } }, select: { userId: true } });
            if (known) unenrol.add(known.userId);
            continue;
          }
          const account = await findOrCreateLtiAccount(tx, context.platformId, member.user_id, { name: displayName(member), instructor });
          if (account.promoted) s.promoted++;
          if (instructor) {
            if (account.created) s.instructorsAdded++;
            continue;
          }
          keep.add(account.userId);
          if (!enrolled.has(account.userId)) {
            await enrol(tx, account.userId, courseId);
            enrolled.add(account.userId);
            s.added++;
          }
        }
      }
      // Enrolled LMS accounts of these platforms that the roster no longer lists.
      const platformIds = [...new Set(rosters.map((r) => r.context.platformId))];
      const lmsAccounts = await tx.ltiUser.findMany({ where: { platformId: { in: platformIds }, userId: { in: [...enrolled] } }, select: { platformId: true, sub: true, userId: true } });
      for (const a of lmsAccounts) if (!listed.has(`${a.platformId} ${a.sub}`)) unenrol.add(a.userId);
      // Someone active under one identity stays (an account linked to two LMS identities).
      const leaving = [...unenrol].filter((id) => enrolled.has(id) && !keep.has(id));
      if (leaving.length) s.inactive = (await tx.enrolment.deleteMany({ where: { courseId, userId: { in: leaving } } })).count;
      await tx.ltiContext.updateMany({ where: { id: { in: rosters.map((r) => r.context.id) } }, data: { rosterSyncedAt: options.now ?? new Date() } });
      return s;
    },
    { timeout: SYNC_TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
  );
  return { ok: true, summary, message: describeRosterSync(summary) };
}

/** For the course page: whether the course can sync its roster from an LMS, and when it last did. */
export async function rosterService(client: Db, courseId: string): Promise<{ available: boolean; lastSyncedAt: Date | null }> {
  const contexts = await client.ltiContext.findMany({ where: { courseId, membershipsUrl: { not: null } }, select: { rosterSyncedAt: true } });
  const times = contexts.map((c) => c.rosterSyncedAt?.getTime() ?? 0).filter((t) => t > 0);
  return { available: contexts.length > 0, lastSyncedAt: times.length ? new Date(Math.max(...times)) : null };
}
