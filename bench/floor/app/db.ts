/**
 * The floor's database: one SQLite file (better-sqlite3, WAL, synchronous=NORMAL), as the app's.
 * Shared by the floor's action (one insert) and its dynamic page (one read).
 */
import Database from "better-sqlite3";

let db: Database.Database | undefined;

export function open(): Database.Database {
  if (!db) {
    db = new Database(process.env.FLOOR_DB ?? "/tmp/stepwise-floor.db");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 10000");
    db.exec("CREATE TABLE IF NOT EXISTS attempt (id INTEGER PRIMARY KEY, slug TEXT, step TEXT, answer TEXT, at INTEGER)");
  }
  return db;
}
