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
    beginImmediate(adapter);
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
 * Interactive transactions start with BEGIN IMMEDIATE instead of the adapter's plain BEGIN.
 * Why: the adapter runs every query of a process on ONE connection and only serialises
 * transactions against each other, so a concurrent request's plain read can run between another
 * request's BEGIN and its first write. A deferred transaction that has read becomes a reader with
 * a snapshot, and when another process commits first, its upgrade to a writer fails at once with
 * SQLITE_BUSY ("database is locked") — the busy timeout does not apply to that case
 * (https://www.sqlite.org/lang_transaction.html, "BEGIN IMMEDIATE"; https://sqlite.org/wal.html#busy).
 * Taking the write lock at BEGIN makes the transaction wait for the lock (busy_timeout) instead.
 * Every interactive transaction here writes, so nothing is lost by taking the lock early.
 */
function beginImmediate(adapter: object): void {
  const db = (adapter as { client?: { prepare?: (sql: string) => unknown } }).client;
  if (!db || typeof db.prepare !== "function") throw new Error("better-sqlite3 adapter without a client: cannot configure transactions");
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
}

/**
 * Builds a Prisma client on the better-sqlite3 adapter with the connection settings above.
 * Shared by the app (lib/platform/db.ts), the seed, CLIs and integration tests so all of them open
 * the database the same way.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: configuredAdapter(databaseUrl) });
}
