"use server";
/**
 * The floor's one server action: validate the input with zod and insert one row into SQLite
 * (better-sqlite3, WAL, synchronous=NORMAL) — what a check must do at the very least, with none
 * of our own work. The benchmark compares the real check path against this in the same run.
 */
import { open } from "./db";
import { z } from "zod";

const input = z.object({ slug: z.string().max(200), stepKey: z.string().max(64), answer: z.string().max(2000) });
export async function floorAction(raw: unknown): Promise<{ ok: true; id: number } | { ok: false }> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { ok: false };
  const r = open().prepare("INSERT INTO attempt (slug, step, answer, at) VALUES (?, ?, ?, ?)").run(parsed.data.slug, parsed.data.stepKey, parsed.data.answer, Date.now());
  return { ok: true, id: Number(r.lastInsertRowid) };
}
