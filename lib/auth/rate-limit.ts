/**
 * Throttling with rate-limiter-flexible's RateLimiterPrisma, stored in the RateLimit table.
 * Why the database and not RateLimiterMemory: counters survive restarts and are shared by every
 * process that opens the same database (several `next start` workers, a second machine on a
 * shared PostgreSQL later), so a restart or a second worker does not reset an attacker's budget.
 * The cost is one small write per failed attempt, which is negligible next to argon2.
 */
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/lib/platform/db-client";

/** Failed sign-ins per account and per client address, per 15 minutes. Per account protects one
 * password from a distributed guesser; per address slows one client spraying many accounts. */
export const SIGN_IN_LIMITS = {
  account: { points: 5, duration: 15 * 60 },
  address: { points: 20, duration: 15 * 60 },
} as const;
/** Sign-ups per address per hour: slows account creation and email probing via sign-up. */
export const SIGN_UP_LIMIT = { points: 10, duration: 60 * 60 } as const;
/** Wrong join codes per user per 15 minutes: course codes must not be guessable by brute force. */
export const JOIN_LIMIT = { points: 10, duration: 15 * 60 } as const;

/** Password reset requests per email and per address per hour: no mail bombing through "Forgot password?". */
export const RESET_LIMITS = {
  email: { points: 3, duration: 60 * 60 },
  address: { points: 10, duration: 60 * 60 },
} as const;

type Limiters = {
  account: RateLimiterPrisma;
  address: RateLimiterPrisma;
  signUp: RateLimiterPrisma;
  join: RateLimiterPrisma;
  resetEmail: RateLimiterPrisma;
  resetAddress: RateLimiterPrisma;
};
const limitersByClient = new WeakMap<object, Limiters>();

function limiter(client: Db, keyPrefix: string, limit: { points: number; duration: number }) {
  return new RateLimiterPrisma({
    storeClient: client,
    tableName: "rateLimit",
    keyPrefix,
    points: limit.points,
    duration: limit.duration,
    // Expired rows are replaced on the next hit for their key; no background timer per client.
    clearExpiredByTimeout: false,
  });
}

function limitersFor(client: Db): Limiters {
  let limiters = limitersByClient.get(client);
  if (!limiters) {
    limiters = {
      account: limiter(client, "signin-account", SIGN_IN_LIMITS.account),
      address: limiter(client, "signin-address", SIGN_IN_LIMITS.address),
      signUp: limiter(client, "signup-address", SIGN_UP_LIMIT),
      join: limiter(client, "join-user", JOIN_LIMIT),
      resetEmail: limiter(client, "reset-email", RESET_LIMITS.email),
      resetAddress: limiter(client, "reset-address", RESET_LIMITS.address),
    };
    limitersByClient.set(client, limiters);
  }
  return limiters;
}

/** Whole seconds to wait, never 0 (a "try again in 0 s" message would be confusing). */
export function secondsUntil(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

export function tooManyAttemptsMessage(seconds: number): string {
  return `Too many sign-in attempts. Try again in ${seconds} s.`;
}

/** Seconds until the key may try again, or null when it is not blocked. */
async function blockedFor(l: RateLimiterPrisma, key: string): Promise<number | null> {
  const res = await l.get(key);
  if (res && res.consumedPoints >= l.points) return secondsUntil(res.msBeforeNext);
  return null;
}

function maxWait(values: (number | null)[]): number | null {
  const waits = values.filter((v): v is number => v !== null);
  return waits.length ? Math.max(...waits) : null;
}

export async function signInBlockedFor(client: Db, email: string, address: string): Promise<number | null> {
  const l = limitersFor(client);
  return maxWait([await blockedFor(l.account, email), await blockedFor(l.address, address)]);
}

/**
 * Counts a sign-in attempt BEFORE its password is verified (the increment is atomic in the
 * database), so a burst of parallel requests cannot all pass a "blocked?" check and then each
 * verify a guess. Returns "over" when the attempt is past a limit (do not verify it), "last" when
 * it used up a budget (verify it; a failure then reports the wait), else null. A success hands
 * the points back (settleSignInSuccess), so only failures count in the end.
 */
export async function reserveSignInAttempt(client: Db, email: string, address: string): Promise<{ over: boolean; wait: number } | null> {
  const l = limitersFor(client);
  const results = [await consumeOne(l.account, email), await consumeOne(l.address, address)];
  const over = results.filter((r) => r.over);
  if (over.length) return { over: true, wait: Math.max(...over.map((r) => r.wait)) };
  const last = results.filter((r) => r.remaining === 0);
  if (last.length) return { over: false, wait: Math.max(...last.map((r) => r.wait)) };
  return null;
}

async function consumeOne(l: RateLimiterPrisma, key: string): Promise<{ over: boolean; remaining: number; wait: number }> {
  try {
    const res = await l.consume(key);
    return { over: false, remaining: res.remainingPoints, wait: secondsUntil(res.msBeforeNext) };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { over: true, remaining: 0, wait: secondsUntil(error.msBeforeNext) };
    throw error;
  }
}

/** A successful sign-in clears the account's failures and returns the point it reserved from the
 * address, so a classroom signing in behind one address does not lock itself out. */
export async function settleSignInSuccess(client: Db, email: string, address: string): Promise<void> {
  const l = limitersFor(client);
  await l.account.delete(email);
  await l.address.reward(address, 1);
}

/** Sign-ups count whether they succeed or not. Returns the wait when over the limit. */
export async function consumeSignUp(client: Db, address: string): Promise<number | null> {
  // One atomic increment, no read-then-write: parallel requests cannot slip past the limit.
  const res = await consumeOne(limitersFor(client).signUp, address);
  return res.over ? res.wait : null;
}

export async function joinBlockedFor(client: Db, userId: string): Promise<number | null> {
  return blockedFor(limitersFor(client).join, userId);
}

/** Counts a join attempt before the code is looked up (parallel guesses are all counted);
 * returns the wait when it is past the limit. A good code hands the point back (joinSucceeded). */
export async function reserveJoinAttempt(client: Db, userId: string): Promise<number | null> {
  const res = await consumeOne(limitersFor(client).join, userId);
  return res.over ? res.wait : null;
}

export async function joinSucceeded(client: Db, userId: string): Promise<void> {
  await limitersFor(client).join.reward(userId, 1);
}

/** Counts a password reset request; returns the wait when the email or the address is over its limit. */
export async function consumePasswordReset(client: Db, email: string, address: string): Promise<number | null> {
  const l = limitersFor(client);
  const results = [await consumeOne(l.resetEmail, email), await consumeOne(l.resetAddress, address)];
  const over = results.filter((r) => r.over);
  return over.length ? Math.max(...over.map((r) => r.wait)) : null;
}
