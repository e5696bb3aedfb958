import type { Db } from "@/lib/platform/db-client";
import type { CurrentUser } from "@/lib/auth/types";
import { forbidden, unauthenticated, type ActionResult } from "@/lib/platform/action-result";
import { listPlatforms } from "./platforms";
import { rotateSigningKey } from "./keys";

/**
 * The registration page's data and its buttons' cores (instructors). Stepwise has no
 * administrator role: every instructor may register a platform (a platform's launches only create
 * accounts in its own namespace, never take over an existing one) and rotate the tool's key.
 */
export type DeliveryProblem = {
  id: string;
  course: string;
  exercise: string;
  student: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
};

export type LtiAdminView = {
  platforms: Awaited<ReturnType<typeof listPlatforms>>;
  keys: { kid: string; createdAt: Date }[];
  problems: DeliveryProblem[];
  pending: number;
  sent: number;
};

/** Score deliveries of the instructor's courses: failures (and retries under way) listed, others counted. */
export async function ltiAdminView(client: Db, user: CurrentUser | null): Promise<ActionResult<{ view: LtiAdminView }>> {
  if (!user) return unauthenticated();
  if (user.role !== "INSTRUCTOR") return forbidden();
  const links = await client.ltiResourceLink.findMany({
    where: { courseId: { in: (await client.course.findMany({ where: { ownerId: user.id }, select: { id: true } })).map((c) => c.id) } },
    select: { id: true, courseId: true, exerciseId: true, title: true },
  });
  const linkIds = links.map((l) => l.id);
  const [platforms, keys, rows, pending, sent] = await Promise.all([
    listPlatforms(client),
    client.ltiKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: "desc" }, select: { kid: true, createdAt: true } }),
    client.ltiScoreOutbox.findMany({
      where: { resourceLinkId: { in: linkIds }, OR: [{ status: "FAILED" }, { status: "PENDING", attempts: { gt: 0 } }] },
      orderBy: { updatedAt: "desc" },
      take: 100,
    }),
    client.ltiScoreOutbox.count({ where: { resourceLinkId: { in: linkIds }, status: "PENDING" } }),
    client.ltiScoreOutbox.count({ where: { resourceLinkId: { in: linkIds }, status: "SENT" } }),
  ]);
  const [courses, exercises, students] = await Promise.all([
    client.course.findMany({ where: { id: { in: links.map((l) => l.courseId ?? "") } }, select: { id: true, title: true } }),
    client.exercise.findMany({ where: { id: { in: links.map((l) => l.exerciseId) } }, select: { id: true, slug: true } }),
    client.user.findMany({ where: { id: { in: rows.map((r) => r.userId) } }, select: { id: true, name: true } }),
  ]);
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
  const linkMap = byId(links);
  const courseMap = byId(courses);
  const exerciseMap = byId(exercises);
  const studentMap = byId(students);
  const problems = rows.map((r) => {
    const link = linkMap.get(r.resourceLinkId);
    return {
      id: r.id,
      course: courseMap.get(link?.courseId ?? "")?.title ?? "",
      exercise: exerciseMap.get(link?.exerciseId ?? "")?.slug ?? "",
      student: studentMap.get(r.userId)?.name ?? "",
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      nextAttemptAt: r.nextAttemptAt,
    };
  });
  return { ok: true, view: { platforms, keys, problems, pending, sent } };
}

/** "Retry now": failed and waiting score deliveries of the instructor's courses are due again. */
export async function retryScoreDeliveries(client: Db, user: CurrentUser | null): Promise<ActionResult<{ count: number }>> {
  if (!user) return unauthenticated();
  if (user.role !== "INSTRUCTOR") return forbidden();
  const courseIds = (await client.course.findMany({ where: { ownerId: user.id }, select: { id: true } })).map((c) => c.id);
  const links = await client.ltiResourceLink.findMany({ where: { courseId: { in: courseIds } }, select: { id: true } });
  const { count } = await client.ltiScoreOutbox.updateMany({
    where: { resourceLinkId: { in: links.map((l) => l.id) }, status: { in: ["FAILED", "PENDING"] } },
    data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date() },
  });
  return { ok: true, count };
}

/** Rotates the tool's signing key (lib/lti/keys.ts). */
export async function rotateToolKey(client: Db, user: CurrentUser | null): Promise<ActionResult<{ kid: string }>> {
  if (!user) return unauthenticated();
  if (user.role !== "INSTRUCTOR") return forbidden();
  const { kid } = await rotateSigningKey(client);
  return { ok: true, kid };
}
