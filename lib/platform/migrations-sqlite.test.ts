/**
 * `npm start` on an up-to-date SQLite file must not need `prisma migrate deploy`, which fails
 * while another process (a running server) has the file open in WAL mode.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testProvider, type TestDb } from "@/lib/testing/test-db";
import { migrateDatabase, pendingSqliteMigrations } from "./migrations";

const ROOT = path.resolve(__dirname, "../..");
const ALL = readdirSync(path.join(ROOT, "prisma", "migrations"), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

describe.runIf(testProvider() === "sqlite")("pendingSqliteMigrations", () => {
  it("lists every migration for a file that does not exist yet, and none for a migrated one", () => {
    const missing = `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "stepwise-pending-")), "none.db")}`;
    expect(pendingSqliteMigrations(missing, ROOT)).toEqual(ALL);
    expect(pendingSqliteMigrations(t.url, ROOT)).toEqual([]);
  });

  it("lists a migration whose row is missing or rolled back", () => {
    const raw = new Database(t.file);
    try {
      const last = ALL.at(-1)!;
      raw.prepare(`UPDATE _prisma_migrations SET rolled_back_at = '2026-01-01' WHERE migration_name = ?`).run(last);
      expect(pendingSqliteMigrations(t.url, ROOT)).toEqual([last]);
      raw.prepare(`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = ?`).run(last);
    } finally {
      raw.close();
    }
  });

  it("lets migrateDatabase succeed on an up-to-date file that another process holds open in WAL mode", async () => {
    const other = new Database(t.file);
    other.pragma("journal_mode = WAL");
    other.prepare("SELECT count(*) FROM User").get();
    try {
      await expect(migrateDatabase(t.url, ROOT)).resolves.toBeUndefined();
    } finally {
      other.close();
    }
  });
});
