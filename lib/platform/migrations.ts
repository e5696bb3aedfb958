/**
 * Brings a database's schema up to date, on either provider (docs/decisions/014-postgresql.md):
 * - SQLite: `prisma migrate deploy` over prisma/migrations (as before);
 * - PostgreSQL: `prisma migrate deploy` through the driver adapter fails there (prisma/orm #27403:
 *   the schema engine cannot read PostgreSQL's `name` columns), so the SQL files of
 *   prisma/postgres/migrations are applied by the small runner below, each in one transaction
 *   together with its row in _stepwise_migrations (name, sha-256 of the file, time).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import Database from "better-sqlite3";
import { databaseFilePath, isPostgresUrl } from "./database-url";

export const POSTGRES_MIGRATIONS_DIR = "prisma/postgres/migrations";
export const MIGRATIONS_TABLE = "_stepwise_migrations";
/** Arbitrary constant: the advisory lock two servers starting at once take, so one migrates. */
const MIGRATION_LOCK_KEY = 180_014;

export type Migration = { name: string; sql: string; checksum: string };

/** The migrations of a folder (subfolders holding migration.sql), in name order. */
export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Applies the PostgreSQL migrations of `dir` not yet recorded in _stepwise_migrations, each in
 * its own transaction (PostgreSQL's DDL is transactional: a failing migration leaves nothing
 * behind). Throws when an applied migration's file has changed since (its checksum differs):
 * editing an applied migration is a mistake to fix, not to ignore. Returns the names applied.
 */
export async function applyPostgresMigrations(url: string, dir: string, log: (line: string) => void = () => {}): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    // Session-level advisory lock: a second server starting at the same time waits here, then
    // finds everything applied.
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const rows = (await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}"`)).rows;
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const m of readMigrations(dir)) {
      const recorded = done.get(m.name);
      if (recorded !== undefined) {
        if (recorded !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead`);
        continue;
      }
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`migration ${m.name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`);
      }
      applied.push(m.name);
      log(`applied ${m.name}`);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/**
 * Runs `fn` while holding a PostgreSQL advisory lock (on its own connection): several servers
 * starting at once seed an empty database once (scripts/prepare-db.ts).
 */
export async function withPostgresLock<T>(url: string, key: number, fn: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [key]);
    return await fn();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [key]).catch(() => {});
    await client.end();
  }
}

/** The name of the database in a PostgreSQL URL, and the URL of the server's `postgres` database. */
function splitDatabase(url: string): { name: string; maintenance: string } {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unexpected PostgreSQL database name "${name}" (letters, digits and _ only)`);
  u.pathname = "/postgres";
  return { name, maintenance: u.toString() };
}

/**
 * Drops (closing its connections) and creates again the database of a PostgreSQL URL, empty:
 * `npm run db:reset` and the e2e web server on PostgreSQL. Needs a role allowed to create databases.
 */
export async function recreatePostgresDatabase(url: string): Promise<void> {
  const { name, maintenance } = splitDatabase(url);
  const client = new Client({ connectionString: maintenance });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** `prisma migrate deploy` on a SQLite file (the CLI path from the project root). */
export function deploySqliteMigrations(url: string, root: string): void {
  execFileSync(process.execPath, [require.resolve("prisma/build/index.js"), "migrate", "deploy"], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, DATABASE_URL: url },
  });
}

/**
 * The SQLite migrations of `root`/prisma/migrations not yet applied to the file of `url` (by name,
 * from Prisma's own `_prisma_migrations` table; all of them when the file or table is missing).
 * Why: `prisma migrate deploy` through the driver adapter fails ("SocketTimeout") whenever another
 * process has the file open in WAL mode — a running server, or the workers' primary restarting one
 * — so a start with nothing to apply does not call it at all.
 */
export function pendingSqliteMigrations(url: string, root: string): string[] {
  const dir = path.join(root, "prisma", "migrations");
  const all = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
  const file = databaseFilePath(url, root);
  if (!existsSync(file)) return all;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    if (!table) return all;
    const applied = new Set(
      (db.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { migration_name: string }[]).map((r) => r.migration_name),
    );
    return all.filter((name) => !applied.has(name));
  } finally {
    db.close();
  }
}

/** Migrates the database of `url` (either provider) from the project at `root`. */
export async function migrateDatabase(url: string, root: string, log?: (line: string) => void): Promise<void> {
  if (isPostgresUrl(url)) await applyPostgresMigrations(url, path.join(root, POSTGRES_MIGRATIONS_DIR), log);
  else if (pendingSqliteMigrations(url, root).length > 0) deploySqliteMigrations(url, root);
}
