import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";

export type { PrismaClient };

/** SQLite under concurrent writers: the busy timeout makes a writer wait for the lock instead of
 * failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * The connection settings of every process that opens the database (app, CLIs, seed, tests):
 * - WAL lets readers proceed during a write (stored in the file, harmless to repeat);
 * - synchronous=NORMAL is durable against process crashes in WAL mode and saves an fsync per
 *   commit (https://www.sqlite.org/pragma.html#pragma_synchronous);
 * - busy_timeout, as above (also passed to better-sqlite3 as `timeout`).
 */
export const SQLITE_PRAGMAS = `PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS};`;

type AdapterFactory = PrismaBetterSQLite3;

/**
 * The better-sqlite3 adapter with SQLITE_PRAGMAS applied to each connection as it opens, before
 * Prisma sends any query on it: one place for every process, so no script can forget them.
 */
function configuredAdapter(databaseUrl: string): AdapterFactory {
  const inner = new PrismaBetterSQLite3({ url: databaseUrl, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const configure = async <T extends { executeScript(script: string): Promise<void> }>(adapter: T): Promise<T> => {
    await adapter.executeScript(SQLITE_PRAGMAS);
    return adapter;
  };
  return Object.assign(Object.create(Object.getPrototypeOf(inner) as object) as AdapterFactory, {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => configure(await inner.connect()),
    connectToShadowDb: async () => configure(await inner.connectToShadowDb()),
  });
}

/**
 * Builds a Prisma client on the better-sqlite3 adapter with the connection settings above.
 * Shared by the app (lib/platform/db.ts), the seed, CLIs and integration tests so all of them open
 * the database the same way.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: configuredAdapter(databaseUrl) });
}
