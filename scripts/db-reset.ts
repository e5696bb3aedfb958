/**
 * `npm run db:reset`: deletes the database (the SQLite file; on PostgreSQL, drops and creates the
 * database of DATABASE_URL) and recreates it with migrations and the seed.
 * `--empty` stops after emptying a PostgreSQL database (the e2e web server migrates it itself).
 */
import { rmSync } from "node:fs";
import { databaseFilePath, isPostgresUrl, resolveDatabaseUrl } from "../lib/platform/database-url";
import { recreatePostgresDatabase } from "../lib/platform/migrations";
import { prepareDatabase } from "./prepare-db";

async function main() {
  const url = resolveDatabaseUrl(process.env.DATABASE_URL);
  if (isPostgresUrl(url)) {
    await recreatePostgresDatabase(url);
    console.log(`Recreated the PostgreSQL database ${new URL(url).pathname.slice(1)}`);
  } else {
    const file = databaseFilePath(url);
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    console.log(`Deleted ${file}`);
  }
  if (!process.argv.includes("--empty")) await prepareDatabase(url);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
