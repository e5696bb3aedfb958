/**
 * PostgreSQL migrations (postgres project only): applying prisma/postgres/migrations with the
 * runner gives exactly the schema Prisma would create from prisma/postgres/schema.prisma, compared
 * table by table in PostgreSQL's own catalog (columns with types, nullability and defaults;
 * indexes; constraints; enums). Plus the runner's guarantees: idempotent, transactional, and it
 * refuses an applied migration whose file has changed.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyPostgresMigrations, MIGRATIONS_TABLE, POSTGRES_MIGRATIONS_DIR } from "@/lib/platform/migrations";
import { pgServerUrl } from "@/lib/testing/test-db";
import { diffScript } from "./pg-migration";
import { POSTGRES_SCHEMA } from "./pg-schema";

const root = path.resolve(__dirname, "..");
const created: string[] = [];

function urlOf(name: string): string {
  const url = new URL(pgServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function newDatabase(): Promise<string> {
  const name = `m_${randomUUID().replace(/-/g, "")}`;
  await withClient(pgServerUrl(), (c) => c.query(`CREATE DATABASE "${name}"`));
  created.push(name);
  return urlOf(name);
}

afterAll(async () => {
  await withClient(pgServerUrl(), async (c) => {
    for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
});

/** The public schema as PostgreSQL describes it, in a stable order, minus the runner's own table. */
async function catalog(url: string) {
  return withClient(url, async (c) => {
    const q = async (sql: string) => (await c.query(sql)).rows;
    return {
      columns: await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, numeric_precision, datetime_precision
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '${MIGRATIONS_TABLE}' ORDER BY 1, 2`),
      indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '${MIGRATIONS_TABLE}' ORDER BY 2`),
      constraints: await q(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '"${MIGRATIONS_TABLE}"' AND conrelid::regclass::text <> '${MIGRATIONS_TABLE}' ORDER BY 2`),
      enums: await q(`SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typnamespace = 'public'::regnamespace GROUP BY 1 ORDER BY 1`),
    };
  });
}

describe("PostgreSQL migrations (prisma/postgres/migrations)", () => {
  it("reproduce the generated PostgreSQL schema exactly (else: npm run db:pg-migration)", async () => {
    const migrated = await newDatabase();
    const applied = await applyPostgresMigrations(migrated, path.join(root, POSTGRES_MIGRATIONS_DIR));
    expect(applied.length).toBeGreaterThan(0);

    const direct = await newDatabase();
    const script = diffScript(pgServerUrl(), null, POSTGRES_SCHEMA);
    await withClient(direct, (c) => c.query(script));

    const [a, b] = await Promise.all([catalog(migrated), catalog(direct)]);
    expect(a.columns.length).toBeGreaterThan(50);
    expect(a).toEqual(b);
  }, 60_000);

  it("are applied once: a second run applies nothing; a changed applied migration is refused", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pg-migrations-"));
    mkdirSync(path.join(dir, "0001_a"));
    writeFileSync(path.join(dir, "0001_a", "migration.sql"), `CREATE TABLE "A" (id INT PRIMARY KEY);`);
    const url = await newDatabase();
    expect(await applyPostgresMigrations(url, dir)).toEqual(["0001_a"]);
    expect(await applyPostgresMigrations(url, dir)).toEqual([]);
    writeFileSync(path.join(dir, "0001_a", "migration.sql"), `CREATE TABLE "A" (id BIGINT PRIMARY KEY);`);
    await expect(applyPostgresMigrations(url, dir)).rejects.toThrow(/0001_a was changed after it was applied/);
  });

  it("run each migration in a transaction: a failing one leaves nothing behind and is not recorded", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pg-migrations-"));
    mkdirSync(path.join(dir, "0001_ok"));
    writeFileSync(path.join(dir, "0001_ok", "migration.sql"), `CREATE TABLE "Ok" (id INT PRIMARY KEY);`);
    mkdirSync(path.join(dir, "0002_bad"));
    writeFileSync(path.join(dir, "0002_bad", "migration.sql"), `CREATE TABLE "Half" (id INT PRIMARY KEY);\nSELECT * FROM "NoSuchTable";`);
    const url = await newDatabase();
    await expect(applyPostgresMigrations(url, dir)).rejects.toThrow(/0002_bad failed and was rolled back/);
    const tables = await withClient(url, async (c) => (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r) => r.table_name as string));
    expect(tables).toEqual(["Ok", MIGRATIONS_TABLE]);
    const names = await withClient(url, async (c) => (await c.query(`SELECT name FROM "${MIGRATIONS_TABLE}"`)).rows.map((r) => r.name as string));
    expect(names).toEqual(["0001_ok"]);
  });

  it("two servers starting at once: one applies, the other waits and finds nothing to do", async () => {
    const url = await newDatabase();
    const dir = path.join(root, POSTGRES_MIGRATIONS_DIR);
    const [a, b] = await Promise.all([applyPostgresMigrations(url, dir), applyPostgresMigrations(url, dir)]);
    expect([a.length > 0, b.length > 0].sort()).toEqual([false, true]);
  }, 60_000);
});
