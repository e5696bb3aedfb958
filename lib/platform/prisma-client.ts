import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/generated/prisma-pg/client";
import { isPostgresUrl } from "./database-url";
import { ConnectionLock, registerSqliteClient } from "./fast-sql";

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
function configuredAdapter(databaseUrl: string, slot: SqliteSlot): AdapterFactory {
  const inner = new PrismaBetterSQLite3({ url: databaseUrl, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const configure = async <T extends { executeScript(script: string): Promise<void> }>(adapter: T, main: boolean): Promise<T> => {
    await adapter.executeScript(SQLITE_PRAGMAS);
    const connection = beginImmediate(adapter);
    if (main) slot.current = { db: connection, lock: sharedTransactionLock(adapter) };
    return adapter;
  };
  return Object.assign(Object.create(Object.getPrototypeOf(inner) as object) as AdapterFactory, {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => configure(await inner.connect(), true),
    connectToShadowDb: async () => configure(await inner.connectToShadowDb(), false),
  });
}

type SqliteSlot = Parameters<typeof registerSqliteClient>[1];

/**
 * Prisma's interactive transactions and lib/platform/fast-sql.ts's transactions run on the same
 * better-sqlite3 connection, which can hold one transaction at a time: both take this lock first
 * (the adapter's own mutex is private), so neither BEGINs inside the other's transaction.
 */
function sharedTransactionLock(adapter: object): ConnectionLock {
  const lock = new ConnectionLock();
  type Tx = { commit(): Promise<void>; rollback(): Promise<void> };
  const target = adapter as { startTransaction(isolationLevel?: unknown): Promise<Tx> };
  const start = target.startTransaction.bind(target);
  target.startTransaction = async (isolationLevel?: unknown) => {
    const release = await lock.acquire();
    let tx: Tx;
    try {
      tx = await start(isolationLevel);
    } catch (error) {
      release();
      throw error;
    }
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    tx.commit = () => commit().finally(release);
    tx.rollback = () => rollback().finally(release);
    return tx;
  };
  return lock;
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
function beginImmediate(adapter: object): NonNullable<SqliteSlot["current"]>["db"] {
  type Connection = NonNullable<SqliteSlot["current"]>["db"];
  const db = (adapter as { client?: Connection }).client;
  if (!db || typeof db.prepare !== "function") throw new Error("better-sqlite3 adapter without a client: cannot configure transactions");
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
  return db;
}

/** Connections per process on PostgreSQL (PG_POOL_SIZE; pg's default is 10). */
function poolSize(): number {
  const n = Number(process.env.PG_POOL_SIZE ?? "");
  return Number.isInteger(n) && n > 0 ? n : 10;
}

/**
 * Builds the Prisma client for DATABASE_URL: PostgreSQL (postgres:// or postgresql://) through
 * @prisma/adapter-pg, else SQLite through better-sqlite3 with the connection settings above.
 * Shared by the app (lib/platform/db.ts), the seed, CLIs and integration tests so all of them open
 * the database the same way.
 *
 * Why two generated clients: a generated client is bound to its schema's provider (the query
 * compiler emits that dialect's SQL, and the adapter must match it), so PostgreSQL uses the client
 * generated from prisma/postgres/schema.prisma (generated/prisma-pg). That schema is generated from
 * the SQLite one with only the datasource changed (scripts/pg-schema.ts, checked by a test), so
 * both clients have the same models, fields and methods; the code is typed against the SQLite one
 * and uses no provider-only features (e.g. `mode: "insensitive"`, which SQLite lacks).
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  if (isPostgresUrl(databaseUrl)) {
    const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize() });
    return new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  }
  const slot: SqliteSlot = { current: null };
  const client = new PrismaClient({ adapter: configuredAdapter(databaseUrl, slot) });
  registerSqliteClient(client, slot);
  return client;
}

/**
 * The provider of a client or transaction client: the one place that asks (for the few behaviours
 * that differ, e.g. lib/auth/check-limit.ts). Reads Prisma's `_activeProvider`, which root and
 * transaction clients both carry (checked on both providers in prisma-client-provider.test.ts).
 */
export function databaseProviderOf(client: object): "sqlite" | "postgresql" {
  const provider = (client as { _activeProvider?: unknown })._activeProvider;
  if (provider === "postgresql" || provider === "sqlite") return provider;
  throw new Error(`unknown database provider ${String(provider)}`);
}
