/**
 * Checks per student per minute (issue #13, item 5): one student sending 100 checks at once made
 * the site slow for everyone, because every check parses, samples and writes an attempt.
 *
 * Why RateLimiterMemory (per process) and not the Prisma store of the sign-in limits: the check
 * path is hot, and a database write per check would add the very load the limit is meant to keep
 * off (SQLite has one writer). The limit protects the server's capacity, not a secret, so a
 * budget per process is enough: with N workers a student gets at most N times the budget, and a
 * restart resets it — neither helps an attacker guess anything. Sign-in limits stay in the
 * database because there the budget itself is the protection.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/platform/env";
import type { ActionFailure } from "@/lib/platform/action-result";
import { secondsUntil } from "./rate-limit";

const WINDOW_SECONDS = 60;

let configured: { points: number; limiter: RateLimiterMemory | null } | null = null;

function limiter(): RateLimiterMemory | null {
  configured ??= build(env().checkRateLimit);
  return configured.limiter;
}

function build(points: number) {
  return { points, limiter: points > 0 ? new RateLimiterMemory({ keyPrefix: "check-user", points, duration: WINDOW_SECONDS }) : null };
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
export async function consumeCheck(userId: string): Promise<ActionFailure | null> {
  const l = limiter();
  if (!l) return null;
  try {
    await l.consume(userId);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return { ok: false, status: 429, formError: slowDownMessage(secondsUntil(error.msBeforeNext)) };
    throw error;
  }
}
