import type { Db } from "@/lib/platform/db-client";
import { fastSql } from "@/lib/platform/fast-sql";
import { buildGradebook, getCourseRoster } from "@/lib/analytics/gradebook";
import { SCOPE } from "./claims";
import { accessToken, clearTokenCache, httpCall, PlatformCallError, responseProblem, type ServiceCallOptions } from "./service-client";
import { scoresUrl } from "./urls";

/**
 * Grades back to the platform (LTI AGS 2.0) through a durable outbox (LtiScoreOutbox).
 *
 * - When a student's work on an exercise changes (check, follow-through re-judging, regrade), the
 *   exercise's score is the course gradebook's points for it (exerciseScore) and is written
 *   to one outbox row per student and resource link: idempotent, the latest score wins, nothing is
 *   sent from the request itself.
 * - A delivery loop (started once per server from instrumentation.ts, woken on enqueue) claims due
 *   rows with a lease (lockedUntil, so two servers never post the same row at once), gets an
 *   OAuth2 client-credentials token (RFC 7523 JWT client assertion signed with the tool's key) and
 *   POSTs the score to the line item's /scores endpoint. A failure is retried with exponential
 *   backoff; after MAX_ATTEMPTS the row is FAILED and shown to the instructor on /lti.
 */
export const MAX_ATTEMPTS = 12;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 60 * 60 * 1000;
const LEASE_MS = 60 * 1000;

/** Delay before retry number `attempts` (1 = after the first failure): 1 s, 2 s, 4 s … capped at an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

export type ExerciseScore = { given: number; maximum: number; completed: boolean };

/**
 * The student's score on the exercise as the course's gradebook shows it (lib/analytics/gradebook.ts
 * buildGradebook, for this one student and exercise: the assignment's points, step weights,
 * follow-through credit, late policy and the student's extension), out of the assignment's points.
 * Without a course (a launch with no context), one point per solved step of the current version.
 */
export async function exerciseScore(client: Db, userId: string, exerciseId: string, courseId: string | null): Promise<ExerciseScore | null> {
  const progressFields = { userId: true, exerciseId: true, stepKey: true, attempts: true, solvedAt: true, solutionRevealed: true, solvedAfterSolution: true, carriedForward: true, hintsUsed: true, lastActivityAt: true } as const;
  const roster = courseId ? await getCourseRoster(client, courseId) : null;
  const assigned = roster?.exercises.find((e) => e.id === exerciseId);
  if (roster && assigned && courseId) {
    const [progress, extension] = await Promise.all([
      client.stepProgress.findMany({ where: { userId, exerciseId }, select: progressFields }),
      client.extension.findUnique({ where: { courseId_exerciseId_userId: { courseId, exerciseId, userId } }, select: { dueAt: true } }),
    ]);
    const student = roster.students.find((s) => s.id === userId) ?? { id: userId, name: "", email: "" };
    const extensions = new Map(extension ? [[`${userId}:${exerciseId}`, extension.dueAt]] : []);
    const cell = buildGradebook({ students: [student], exercises: [assigned], progress, extensions }).rows[0]!.cells[0]!;
    return { given: cell.points, maximum: cell.pointsPossible, completed: cell.stepCount > 0 && cell.stepsSolved === cell.stepCount };
  }
  const exercise = await client.exercise.findUnique({
    where: { id: exerciseId },
    select: { currentVersion: { select: { followThroughCredit: true, steps: { select: { key: true } } } } },
  });
  const version = exercise?.currentVersion;
  if (!version) return null;
  const keys = new Set(version.steps.map((s) => s.key));
  const rows = await client.stepProgress.findMany({ where: { userId, exerciseId }, select: { stepKey: true, solvedAt: true, carriedForward: true } });
  let given = 0;
  let solved = 0;
  for (const r of rows) {
    if (!keys.has(r.stepKey)) continue;
    if (r.solvedAt) {
      given += 1;
      solved += 1;
    } else if (r.carriedForward) given += version.followThroughCredit;
  }
  return { given, maximum: keys.size, completed: solved === keys.size && keys.size > 0 };
}

/**
 * Queues the student's current score for every resource link through which they launched this
 * exercise. Cheap when the student never came through LTI (one indexed read). Returns the number
 * of rows queued (0 when nothing changed since the last queued score).
 */
export async function enqueueScores(client: Db, userId: string, exerciseId: string, now = new Date()): Promise<number> {
  const targets = await client.ltiGradeTarget.findMany({ where: { userId, exerciseId }, select: { resourceLinkId: true } });
  if (targets.length === 0) return 0;
  const links = await client.ltiResourceLink.findMany({ where: { id: { in: targets.map((t) => t.resourceLinkId) } }, select: { id: true, courseId: true } });
  const courseOf = new Map(links.map((l) => [l.id, l.courseId]));
  // One score per course the links belong to (each course's gradebook may weigh it differently).
  const scores = new Map<string | null, ExerciseScore | null>();
  let queued = 0;
  for (const t of targets) {
    const courseId = courseOf.get(t.resourceLinkId) ?? null;
    if (!scores.has(courseId)) scores.set(courseId, await exerciseScore(client, userId, exerciseId, courseId));
    const score = scores.get(courseId);
    if (!score) continue;
    const where = { userId_resourceLinkId: { userId, resourceLinkId: t.resourceLinkId } };
    const existing = await client.ltiScoreOutbox.findUnique({ where, select: { scoreGiven: true, scoreMaximum: true, status: true } });
    if (existing && existing.status !== "FAILED" && existing.scoreGiven === score.given && existing.scoreMaximum === score.maximum) continue;
    const data = {
      scoreGiven: score.given,
      scoreMaximum: score.maximum,
      completed: score.completed,
      scoredAt: now,
      status: "PENDING",
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
    };
    await client.ltiScoreOutbox.upsert({ where, create: { userId, resourceLinkId: t.resourceLinkId, ...data }, update: data });
    queued++;
  }
  if (queued > 0) wakeDelivery();
  return queued;
}

/** enqueueScores for a check, which names the exercise by slug: nothing is read for non-LTI students. */
export async function enqueueScoresBySlug(client: Db, userId: string, slug: string): Promise<number> {
  // Every check asks this, and most students never came through an LMS: one prepared statement.
  const any = await (await fastSql(client)).get(`SELECT "id" FROM "LtiGradeTarget" WHERE "userId" = ? LIMIT 1`, [userId]);
  if (!any) return 0;
  const exercise = await client.exercise.findUnique({ where: { slug }, select: { id: true } });
  return exercise ? enqueueScores(client, userId, exercise.id) : 0;
}

// ───── delivery ─────

export type DeliveryOptions = ServiceCallOptions;
export type DeliveryReport = { sent: number; retrying: number; failed: number };

/** Delivers every due outbox row once (the loop's body; `npm run -s lti -- outbox flush`; tests). */
export async function deliverDueScores(client: Db, options: DeliveryOptions): Promise<DeliveryReport> {
  const now = options.now ?? new Date();
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const due = await client.ltiScoreOutbox.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    orderBy: { nextAttemptAt: "asc" },
    take: 50,
  });
  for (const row of due) {
    const lease = await client.ltiScoreOutbox.updateMany({
      where: { id: row.id, status: "PENDING", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedUntil: new Date(now.getTime() + LEASE_MS) },
    });
    if (lease.count !== 1) continue; // another server took it
    // Only the score that was claimed is settled: if a newer one arrived meanwhile, it stays pending.
    const same = { id: row.id, scoredAt: row.scoredAt };
    try {
      await deliverOne(client, row, options);
      const { count } = await client.ltiScoreOutbox.updateMany({ where: same, data: { status: "SENT", sentAt: new Date(), lockedUntil: null, lastError: null } });
      if (count === 0) await client.ltiScoreOutbox.updateMany({ where: { id: row.id }, data: { lockedUntil: null } });
      report.sent++;
    } catch (error) {
      const attempts = row.attempts + 1;
      const permanent = error instanceof PlatformCallError && error.permanent;
      const failed = permanent || attempts >= MAX_ATTEMPTS;
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const { count } = await client.ltiScoreOutbox.updateMany({
        where: same,
        data: { attempts, status: failed ? "FAILED" : "PENDING", nextAttemptAt: new Date(Date.now() + backoffMs(attempts)), lockedUntil: null, lastError: message },
      });
      if (count === 0) await client.ltiScoreOutbox.updateMany({ where: { id: row.id }, data: { lockedUntil: null } });
      console.warn(`[stepwise] lti score for user ${row.userId} link ${row.resourceLinkId}: attempt ${attempts} failed${failed ? " (giving up)" : ""}: ${message}`);
      if (failed) report.failed++;
      else report.retrying++;
    }
  }
  return report;
}

type OutboxRow = { userId: string; resourceLinkId: string; scoreGiven: number; scoreMaximum: number; completed: boolean; scoredAt: Date };

async function deliverOne(client: Db, row: OutboxRow, options: DeliveryOptions): Promise<void> {
  const link = await client.ltiResourceLink.findUnique({ where: { id: row.resourceLinkId } });
  if (!link) throw new PlatformCallError("the resource link no longer exists", true);
  const platform = await client.ltiPlatform.findUnique({ where: { id: link.platformId } });
  if (!platform) throw new PlatformCallError("the platform is no longer registered", true);
  const target = await client.ltiGradeTarget.findUnique({ where: { userId_resourceLinkId: { userId: row.userId, resourceLinkId: link.id } } });
  if (!target) throw new PlatformCallError("the student never launched this link", true);
  const doFetch = options.fetch ?? fetch;
  let lineItemUrl = link.lineItemUrl;
  if (!lineItemUrl) {
    if (!link.lineItemsUrl) throw new PlatformCallError("the platform gave no line item for this link (grade passback not enabled in the LMS)", true);
    lineItemUrl = await createLineItem(client, platform, link, row.scoreMaximum, options);
  }
  const token = await accessToken(client, platform, [SCOPE.score], options);
  const score = {
    userId: target.sub,
    scoreGiven: row.scoreGiven,
    scoreMaximum: row.scoreMaximum,
    activityProgress: row.completed ? "Completed" : "InProgress",
    gradingProgress: "FullyGraded",
    timestamp: row.scoredAt.toISOString(),
  };
  const response = await httpCall(
    doFetch,
    scoresUrl(lineItemUrl),
    { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/vnd.ims.lis.v1.score+json" }, body: JSON.stringify(score) },
    options.allowInsecure,
  );
  if (response.status === 401) clearTokenCache();
  if (!response.ok) throw await responseProblem(response, "score endpoint");
}

/** A line item for a resource link launched without one (AGS lineitems endpoint + lineitem scope). */
async function createLineItem(
  client: Db,
  platform: { id: string; clientId: string; tokenUrl: string },
  link: { id: string; lineItemsUrl: string | null; resourceLinkId: string; exerciseId: string; title: string },
  scoreMaximum: number,
  options: DeliveryOptions,
): Promise<string> {
  const token = await accessToken(client, platform, [SCOPE.lineItem], options);
  const response = await httpCall(
    options.fetch ?? fetch,
    link.lineItemsUrl!,
    {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/vnd.ims.lis.v2.lineitem+json", accept: "application/vnd.ims.lis.v2.lineitem+json" },
      body: JSON.stringify({ scoreMaximum, label: link.title || "Stepwise exercise", resourceLinkId: link.resourceLinkId, resourceId: link.exerciseId }),
    },
    options.allowInsecure,
  );
  if (!response.ok) throw await responseProblem(response, "line item creation");
  const json = (await response.json().catch(() => null)) as { id?: unknown } | null;
  if (!json || typeof json.id !== "string") throw new PlatformCallError("line item creation: no id in the answer");
  await client.ltiResourceLink.update({ where: { id: link.id }, data: { lineItemUrl: json.id } });
  return json.id;
}

// ───── the in-process loop ─────

const POLL_MS = 2000;
type Loop = { timer: ReturnType<typeof setInterval>; running: boolean; again: boolean; run: () => void };
const loopHolder = globalThis as unknown as { stepwiseLtiLoop?: Loop };

/**
 * Starts the delivery loop of this server process (idempotent): every POLL_MS, and at once when a
 * score is queued here. Rows queued by another server are picked up at its next poll — the outbox
 * is in the database, so nothing depends on which process queued it.
 */
export function startScoreDelivery(client: Db, options: Omit<DeliveryOptions, "now">): void {
  if (loopHolder.stepwiseLtiLoop) return;
  const loop: Loop = {
    running: false,
    again: false,
    timer: setInterval(() => loop.run(), POLL_MS),
    run() {
      if (loop.running) {
        loop.again = true;
        return;
      }
      loop.running = true;
      deliverDueScores(client, options)
        .catch((error: unknown) => console.error("[stepwise] lti score delivery:", error))
        .finally(() => {
          loop.running = false;
          if (loop.again) {
            loop.again = false;
            loop.run();
          }
        });
    },
  };
  loop.timer.unref?.();
  loopHolder.stepwiseLtiLoop = loop;
}

/** Wakes this process's loop (no-op where none runs: CLIs, unit tests). */
export function wakeDelivery(): void {
  const loop = loopHolder.stepwiseLtiLoop;
  if (loop) setImmediate(() => loop.run());
}
