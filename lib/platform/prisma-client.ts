import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../generated/prisma/client";

export type { PrismaClient };

/** SQLite under concurrent writers: WAL lets readers proceed during a write; the busy
 * timeout makes a writer wait for the lock instead of failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * Builds a Prisma client on the better-sqlite3 adapter. Shared by the app (lib/platform/db.ts),
 * the seed, CLIs and integration tests so all of them open the database the same way.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const client = new PrismaClient({ adapter });
  return client;
}

/** Applies connection pragmas; call once after creating a client. */
export async function configureSqlite(client: PrismaClient): Promise<void> {
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
}
