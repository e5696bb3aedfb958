/**
 * Brings the database up to date: applies migrations (creating the SQLite file if missing; on
 * PostgreSQL with scripts' migration runner, lib/platform/migrations.ts), and seeds when it holds
 * no users (connection settings: lib/platform/prisma-client.ts). Used by `npm start`, `npm run dev`
 * and the e2e web server; safe to run from several servers at once on PostgreSQL (the runner takes
 * an advisory lock, and a seed race ends with one seed).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createPrismaClient } from "../lib/platform/prisma-client";
import { databaseFilePath, isPostgresUrl, resolveDatabaseUrl } from "../lib/platform/database-url";
import { migrateDatabase, withPostgresLock } from "../lib/platform/migrations";
import { seed } from "../prisma/seed";

export async function prepareDatabase(databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL)) {
  if (!isPostgresUrl(databaseUrl)) mkdirSync(path.dirname(databaseFilePath(databaseUrl)), { recursive: true });
  await migrateDatabase(databaseUrl, path.resolve(__dirname, ".."), (line) => console.log(`PostgreSQL: ${line}`));
  const db = createPrismaClient(databaseUrl);
  const seedIfEmpty = async () => {
    if ((await db.user.count()) === 0) {
      const { created } = await seed(db);
      console.log(`Database was empty; seeded ${created.length} records.`);
    }
  };
  try {
    // Several servers starting at once on one PostgreSQL database: one seeds, the others wait and
    // find users (SQLite: one machine, and `npm start` runs one server).
    if (isPostgresUrl(databaseUrl)) await withPostgresLock(databaseUrl, SEED_LOCK_KEY, seedIfEmpty);
    else await seedIfEmpty();
  } finally {
    await db.$disconnect();
  }
}

const SEED_LOCK_KEY = 180_015;

if (process.argv[1] && /prepare-db\.ts$/.test(process.argv[1])) {
  prepareDatabase().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
