/**
 * Checks per student per minute (issue #13, item 5): one student sending 100 checks at once made
 * the site slow for everyone, because every check parses, samples and writes an attempt.
 *
 * Where the budget is kept depends on the database (one function, two stores; issue 18):
 * - PostgreSQL (several app servers): in the RateLimit table (RateLimiterPrisma, the store of the
 *   sign-in limits), so requests of one student alternating between servers share ONE budget. The
 *   count is an atomic INSERT … ON CONFLICT increment, and PostgreSQL takes concurrent writers.
 * - SQLite (one machine): in memory. The check path is hot and SQLite has one writer: a database
 *   write per check would add the very load the limit keeps off. One process: RateLimiterMemory.
 *   Several workers (`npm start -- --workers N`, scripts/workers.ts): RateLimiterCluster, which
 *   keeps the counts in the cluster's primary process over IPC, so the workers share one budget.
 *   A restart resets it — the limit protects capacity, not a secret.
 */
import cluster from "node:cluster";
import { RateLimiterCluster, RateLimiterMemory, RateLimiterPrisma, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/lib/platform/env";
import type { ActionFailure } from "@/lib/platform/action-result";
import type { Db } from "@/lib/platform/db-client";
import { databaseProviderOf } from "@/lib/platform/prisma-client";
import { secondsUntil } from "./rate-limit";

const WINDOW_SECONDS = 60;
const KEY_PREFIX = "check-user";

type Configured = { points: number; memory: RateLimiterAbstract | null; byClient: WeakMap<object, RateLimiterPrisma> };
let configured: Configured | null = null;

function build(points: number): Configured {
  const options = { keyPrefix: KEY_PREFIX, points, duration: WINDOW_SECONDS };
  // Only workers started by scripts/workers.ts: its primary answers RateLimiterCluster's messages.
  const inCluster = cluster.isWorker && process.env.STEPWISE_CLUSTER_WORKER === "1";
  const memory = points <= 0 ? null : inCluster ? new RateLimiterCluster({ ...options, timeoutMs: 3000 }) : new RateLimiterMemory(options);
  return { points, memory, byClient: new WeakMap() };
}

function limiter(client: Db): RateLimiterAbstract | null {
  configured ??= build(env().checkRateLimit);
  if (configured.points <= 0) return null;
  if (databaseProviderOf(client) !== "postgresql") return configured.memory;
  let l = configured.byClient.get(client);
  if (!l) {
    l = new RateLimiterPrisma({ storeClient: client, tableName: "rateLimit", keyPrefix: KEY_PREFIX, points: configured.points, duration: WINDOW_SECONDS, clearExpiredByTimeout: false });
    configured.byClient.set(client, l);
  }
  return l;
}

/** Replaces the limit of this process (tests and benchmarks; the server takes CHECK_RATE_LIMIT). 0 turns it off. */
export function setCheckRateLimit(points: number): void {
  configured = build(points);
}

/** The message a student sees in the step card when over the limit. */
export function slowDownMessage(seconds: number): string {
  return `Slow down: too many checks in a minute. Try again in ${seconds} s (your text is kept).`;
}

/**
 * Counts one check for the user; returns a 429 failure when the user is over the budget of the
 * current window, else null. Counted before grading, so a burst is refused before it costs.
 */
export async function consumeCheck(client: Db, userId: string): Promise<ActionFailure | null> {
  const l = limiter(client);
  if (!l) return null;
  try {
    await l.consume(userId);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return { ok: false, status: 429, formError: slowDownMessage(secondsUntil(error.msBeforeNext)) };
    // The store could not answer (a worker's message to the primary timed out, a database error):
    // the limit protects capacity, not a secret, so the check goes ahead rather than fail.
    console.error("[stepwise] check limit unavailable, check allowed:", error);
    return null;
  }
}
