"use server";
/**
 * The floor's one server action: validate the input with zod and insert one row into SQLite
 * (better-sqlite3, WAL, synchronous=NORMAL) — what a check must do at the very least, with none
 * of our own work. The benchmark compares the real check path against this in the same run.
 */
import Database from "better-sqlite3";
import { z } from "zod";

const input = z.object({ slug: z.string().max(200), stepKey: z.string().max(64), answer: z.string().max(2000) });
let db: Database.Database | undefined;
function open(): Database.Database {
  if (!db) {
    db = new Database(process.env.FLOOR_DB ?? "/tmp/stepwise-floor.db");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 10000");
    db.exec("CREATE TABLE IF NOT EXISTS attempt (id INTEGER PRIMARY KEY, slug TEXT, step TEXT, answer TEXT, at INTEGER)");
  }
  return db;
}

export async function floorAction(raw: unknown): Promise<{ ok: true; id: number } | { ok: false }> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { ok: false };
  const r = open().prepare("INSERT INTO attempt (slug, step, answer, at) VALUES (?, ?, ?, ?)").run(parsed.data.slug, parsed.data.stepKey, parsed.data.answer, Date.now());
  return { ok: true, id: Number(r.lastInsertRowid) };
}
