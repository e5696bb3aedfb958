/**
 * Brings the database up to date: applies migrations (creating the file if missing),
 * and seeds when it holds no users (connection settings: lib/platform/prisma-client.ts). Used by `npm start`, `npm run dev`
 * and the e2e web server.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createPrismaClient } from "../lib/platform/prisma-client";
import { databaseFilePath, resolveDatabaseUrl } from "../lib/platform/database-url";
import { seed } from "../prisma/seed";

export async function prepareDatabase(databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL)) {
  mkdirSync(path.dirname(databaseFilePath(databaseUrl)), { recursive: true });
  execFileSync(process.execPath, [require.resolve("prisma/build/index.js"), "migrate", "deploy"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  const db = createPrismaClient(databaseUrl);
  try {
    if ((await db.user.count()) === 0) {
      const { created } = await seed(db);
      console.log(`Database was empty; seeded ${created.length} records.`);
    }
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && /prepare-db\.ts$/.test(process.argv[1])) {
  prepareDatabase().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
