/**
 * Integration tests get their own database each, on the provider of the Vitest project
 * (STEPWISE_TEST_DB: "sqlite", the default, or "postgresql"; vitest.config.mts runs the
 * data-layer, permission-matrix and concurrency suites on both):
 * - SQLite: a migrated template file is made once per process and copied (milliseconds);
 * - PostgreSQL: the server started by lib/testing/pg-global-setup.ts holds a migrated template
 *   database, and each test database is `CREATE DATABASE … TEMPLATE` of it, dropped at cleanup.
 * A test file never sees another's data either way.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createHash, randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { createPrismaClient, type PrismaClient } from "../platform/prisma-client";
import { deploySqliteMigrations } from "../platform/migrations";
import type { DatabaseProvider } from "../platform/database-url";
import { seed } from "../../prisma/seed";
import { demoAccounts } from "../../prisma/fixtures";
import type { CurrentUser } from "../auth/types";
import type { Db } from "../platform/db-client";

const root = path.resolve(__dirname, "../..");
const tmpDir = path.join(os.tmpdir(), "stepwise-test-db");

/** The provider the tests of this process run on. */
export function testProvider(): DatabaseProvider {
  return process.env.STEPWISE_TEST_DB === "postgresql" ? "postgresql" : "sqlite";
}

/** The name of the migrated template database on the test PostgreSQL server (pg-global-setup.ts). */
function pgTemplateDatabase(): string {
  return process.env.STEPWISE_TEST_PG_TEMPLATE ?? "stepwise_template";
}

/**
 * The template's name includes a hash of every migration: process ids are reused, and a template
 * left in the temporary folder by an earlier run with an older schema must never be taken for
 * this one's (it was, once: "column followThroughCredit does not exist").
 */
function migrationsHash(): string {
  const dir = path.join(root, "prisma", "migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name, "migration.sql");
    if (existsSync(file)) hash.update(name).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 12);
}
const templateFile = path.join(tmpDir, `template-${migrationsHash()}-${process.pid}.db`);

function ensureTemplate() {
  if (existsSync(templateFile)) return;
  mkdirSync(tmpDir, { recursive: true });
  deploySqliteMigrations(`file:${templateFile}`, root);
}

/** `file` is the SQLite file ("" on PostgreSQL); `url` opens the same database from another process. */
export type TestDb = { db: PrismaClient; url: string; file: string; provider: DatabaseProvider; cleanup: () => Promise<void> };

/** The test PostgreSQL server's URL (set by lib/testing/pg-global-setup.ts). */
export function pgServerUrl(): string {
  const url = process.env.STEPWISE_TEST_PG_URL;
  if (!url) throw new Error("STEPWISE_TEST_PG_URL is not set: PostgreSQL tests run through vitest's postgres project (lib/testing/pg-global-setup.ts)");
  return url;
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: pgServerUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new PostgreSQL database copied from `template` (which must have no open connections). */
async function createPgDatabase(template: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `t_${randomUUID().replace(/-/g, "")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: databaseUrl(pgServerUrl(), name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function openPg(template: string): Promise<TestDb> {
  const created = await createPgDatabase(template);
  const db = createPrismaClient(created.url);
  return {
    db,
    url: created.url,
    file: "",
    provider: "postgresql",
    cleanup: async () => {
      await db.$disconnect();
      await created.drop();
    },
  };
}

function openSqlite(sourceFile: string): TestDb {
  const file = path.join(tmpDir, `${randomUUID()}.db`);
  copyFileSync(sourceFile, file);
  const url = `file:${file}`;
  const db = createPrismaClient(url);
  return {
    db,
    url,
    file,
    provider: "sqlite",
    cleanup: async () => {
      await db.$disconnect();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
  };
}

/** A fresh, migrated database; `seeded: true` also runs the demo seed. */
export async function createTestDb(options: { seeded?: boolean } = {}): Promise<TestDb> {
  let t: TestDb;
  if (testProvider() === "postgresql") t = await openPg(pgTemplateDatabase());
  else {
    ensureTemplate();
    t = openSqlite(templateFile);
  }
  if (options.seeded) await seed(t.db);
  return t;
}

/**
 * Turns a prepared test database into a template and returns a factory of copies of it (the
 * permission matrix: one prepared world, a fresh copy per cell). The source's client is
 * disconnected (SQLite: after a WAL checkpoint, so the file alone holds everything; PostgreSQL:
 * a template database must have no open connections).
 */
export async function templateOf(t: TestDb): Promise<() => Promise<TestDb>> {
  if (t.provider === "postgresql") {
    await t.db.$disconnect();
    const name = new URL(t.url).pathname.slice(1);
    return () => openPg(name);
  }
  await t.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await t.db.$disconnect();
  return async () => openSqlite(t.file);
}

/** A seeded demo account (prisma/fixtures.ts) as the CurrentUser that cores take; throws if the database is not seeded. */
export async function demoUser(client: Db, who: keyof typeof demoAccounts): Promise<CurrentUser> {
  return client.user.findUniqueOrThrow({ where: { email: demoAccounts[who].email }, select: { id: true, email: true, name: true, role: true } });
}
