/** `npm run db:reset`: deletes the database file and recreates it with migrations and the seed. */
import { rmSync } from "node:fs";
import { databaseFilePath, isPostgresUrl, resolveDatabaseUrl } from "../lib/platform/database-url";
import { prepareDatabase } from "./prepare-db";

const url = resolveDatabaseUrl(process.env.DATABASE_URL);
if (isPostgresUrl(url)) {
  console.error("db:reset deletes a SQLite file; on PostgreSQL drop and recreate the database instead (README: Running on PostgreSQL).");
  process.exit(1);
}
const file = databaseFilePath(url);
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
console.log(`Deleted ${file}`);
prepareDatabase(url).catch((error) => {
  console.error(error);
  process.exit(1);
});
