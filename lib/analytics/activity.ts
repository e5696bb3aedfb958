/** Course activity over time (the gradebook page's chart). */
import type { Db } from "@/lib/platform/db-client";

/** Attempts per day over the last `days` days (oldest first), split by verdict. */
export async function courseActivity(client: Db, courseId: string, days = 14, now = new Date()) {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const rows = await client.attempt.findMany({ where: { courseId, createdAt: { gte: start } }, select: { createdAt: true, verdict: true } });
  return bucketByDay(rows, start, days);
}

/** Pure: counts per UTC day from `start`. */
export function bucketByDay(rows: Iterable<{ createdAt: Date; verdict: string }>, start: Date, days: number) {
  const out = Array.from({ length: days }, (_, i) => ({ day: new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10), correct: 0, incorrect: 0 }));
  for (const r of rows) {
    const i = Math.floor((r.createdAt.getTime() - start.getTime()) / 86_400_000);
    const b = out[i];
    if (b === undefined) continue;
    if (r.verdict === "CORRECT") b.correct++;
    else b.incorrect++;
  }
  return out;
}

// ---------- Per-step analytics ----------
