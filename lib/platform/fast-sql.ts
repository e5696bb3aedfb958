import { randomBytes } from "node:crypto";
import type { Db } from "./db-client";

/**
 * The hot path's door to the database: a few hand-written statements that skip Prisma's query
 * compiler (docs/decisions/012-check-path-performance.md). Measured on the 2-core machine, one
 * Prisma `findUnique` costs ~0.5 ms and a `$queryRaw` ~0.2 ms of CPU, while the same prepared
 * statement on better-sqlite3 costs ~5 µs; a check issued about ten of them. Everything else in
 * the app keeps using Prisma — this is for the statements every check, draft save and page load
 * runs (session, exercise head, access, the attempt's write).
 *
 * Dialect: portable SQL with double-quoted identifiers (Prisma's table and column names) and `?`
 * placeholders (rewritten to `$1…` on PostgreSQL; never put a `?` inside a literal).
 * Values come back normalised the same on both databases: DATETIME/TIMESTAMP columns as `Date`,
 * BOOLEAN columns as `boolean`, integers as `number` (when they fit in one; else `bigint`); computed
 * columns (expressions) come back as the driver gives them, so select columns, not expressions.
 *
 * Implementations:
 * - SQLite, on a root client made by createPrismaClient: the same better-sqlite3 connection the
 *   Prisma adapter uses, statements prepared once and reused. Transactions take the same lock as
 *   Prisma's interactive transactions on that connection (registerSqliteConnection), then BEGIN
 *   IMMEDIATE, so the two never nest or interleave.
 * - Anything else (PostgreSQL, a transaction client, a client made elsewhere): Prisma's
 *   `$queryRawUnsafe`/`$executeRawUnsafe` with bound parameters — still no query compiler.
 */
/**
 * Prisma interactive-transaction options for writes that come in bursts (checks at a deadline):
 * wait for the connection/lock longer than Prisma's defaults (2 s to start, 5 s to finish) rather
 * than fail a student's check. Used by every transaction on the attempt path.
 */
export const BURST_TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

export type SqlParam = string | number | bigint | boolean | Date | null;

export interface FastSql {
  readonly provider: "sqlite" | "postgresql";
  /** All rows of a SELECT (or of a statement with RETURNING). */
  all<T extends object>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T extends object>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  /** Runs a statement without rows; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>;
  /**
   * Runs `body` in one transaction (a write lock taken at its start on SQLite; READ COMMITTED with
   * row locks on PostgreSQL): committed when it resolves, rolled back when it throws (the error is
   * rethrown). Inside a transaction client it runs in that transaction.
   */
  transaction<T>(body: (tx: FastSql) => Promise<T>): Promise<T>;
}

// ───── SQLite: the adapter's own connection ─────

/** The subset of better-sqlite3 used here (typed locally: lib/platform must not import the driver's types into the browser bundle graph). */
type SqliteStatement = {
  reader: boolean;
  safeIntegers(on: boolean): SqliteStatement;
  columns(): { name: string; type: string | null }[];
  all(...params: unknown[]): Record<string, unknown>[];
  run(...params: unknown[]): { changes: number };
};
type SqliteDatabase = { prepare(sql: string): SqliteStatement; inTransaction: boolean; open: boolean };

/** A FIFO lock shared by Prisma's interactive transactions and ours on one connection. */
export class ConnectionLock {
  #tail: Promise<void> = Promise.resolve();
  /** Resolves with the release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return ready;
  }
}

type SqliteConnection = { db: SqliteDatabase; lock: ConnectionLock };
// Keyed by the root client: createPrismaClient registers the connection its adapter opens (it
// opens lazily, on the first query, and again after a $disconnect).
const sqliteConnections = new WeakMap<object, { current: SqliteConnection | null }>();

/** Called by createPrismaClient for each SQLite client; `slot.current` is set when the adapter connects. */
export function registerSqliteClient(client: object, slot: { current: SqliteConnection | null }): void {
  sqliteConnections.set(client, slot);
}

/** Prisma's own encoding of a DateTime in SQLite (adapter-better-sqlite3 `mapArg`, iso8601 format),
 * so rows written here sort and compare with rows Prisma wrote. */
function sqliteParam(value: SqlParam): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

type Normaliser = ((row: Record<string, unknown>) => Record<string, unknown>) | null;

function normaliserFor(statement: SqliteStatement): Normaliser {
  const dates: string[] = [];
  const booleans: string[] = [];
  for (const column of statement.columns()) {
    const type = (column.type ?? "").toUpperCase();
    if (type === "DATETIME") dates.push(column.name);
    else if (type === "BOOLEAN") booleans.push(column.name);
  }
  if (dates.length === 0 && booleans.length === 0) return null;
  return (row) => {
    for (const name of dates) {
      const v = row[name];
      if (typeof v === "string" || typeof v === "number") row[name] = new Date(v);
    }
    for (const name of booleans) {
      const v = row[name];
      if (typeof v === "number" || typeof v === "bigint") row[name] = Number(v) !== 0;
    }
    return row;
  };
}

class SqliteFastSql implements FastSql {
  readonly provider = "sqlite" as const;
  constructor(
    readonly connection: SqliteConnection,
    readonly inTx = false,
    // A transaction's view shares its parent's prepared statements.
    readonly statements = new Map<string, { statement: SqliteStatement; normalise: Normaliser }>(),
  ) {}

  #prepared(sql: string) {
    let entry = this.statements.get(sql);
    if (!entry) {
      // The adapter turns safe integers on for the connection (every INTEGER a bigint); our
      // integers (counters, 32-bit seeds) are plain numbers.
      const statement = this.connection.db.prepare(sql).safeIntegers(false);
      entry = { statement, normalise: statement.reader ? normaliserFor(statement) : null };
      this.statements.set(sql, entry);
    }
    return entry;
  }

  async all<T extends object>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    const { statement, normalise } = this.#prepared(sql);
    const rows = statement.all(...params.map(sqliteParam));
    return (normalise ? rows.map(normalise) : rows) as T[];
  }

  async get<T extends object>(sql: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly SqlParam[] = []): Promise<number> {
    return this.#prepared(sql).statement.run(...params.map(sqliteParam)).changes;
  }

  async transaction<T>(body: (tx: FastSql) => Promise<T>): Promise<T> {
    if (this.inTx) return body(this);
    const release = await this.connection.lock.acquire();
    try {
      // IMMEDIATE: take the write lock now, so a transaction that reads first cannot fail its
      // later write with SQLITE_BUSY against another process (see prisma-client.ts beginImmediate).
      await this.run("BEGIN IMMEDIATE");
      try {
        const result = await body(new SqliteFastSql(this.connection, true, this.statements));
        await this.run("COMMIT");
        return result;
      } catch (error) {
        // Also after a failed COMMIT (disk full, I/O error): never leave the shared connection
        // inside a transaction that every later statement of this process would join.
        if (this.connection.db.inTransaction) {
          try {
            await this.run("ROLLBACK");
          } catch (rollbackError) {
            console.error("[stepwise] ROLLBACK failed after:", error, rollbackError);
          }
        }
        throw error;
      }
    } finally {
      release();
    }
  }
}

// ───── Everything else: Prisma's raw queries ─────

type RawClient = {
  $queryRawUnsafe<T = unknown>(sql: string, ...params: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...params: unknown[]): Promise<number>;
  $transaction?: <R>(fn: (tx: RawClient) => Promise<R>, options?: { maxWait: number; timeout: number }) => Promise<R>;
  _activeProvider?: unknown;
};

/** `?` → `$1, $2, …` (PostgreSQL's placeholders). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

class PrismaRawFastSql implements FastSql {
  readonly provider: "sqlite" | "postgresql";
  constructor(readonly client: RawClient) {
    this.provider = client._activeProvider === "postgresql" ? "postgresql" : "sqlite";
  }
  #sql(sql: string) {
    return this.provider === "postgresql" ? numbered(sql) : sql;
  }
  async all<T extends object>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    const rows = await this.client.$queryRawUnsafe<Record<string, unknown>[]>(this.#sql(sql), ...params);
    // Prisma's raw results carry SQLite INTEGER (and PostgreSQL BIGINT) as bigint: numbers here,
    // as on the better-sqlite3 path, whenever they fit.
    for (const row of rows) for (const [k, v] of Object.entries(row)) if (typeof v === "bigint" && Number.isSafeInteger(Number(v))) row[k] = Number(v);
    return rows as T[];
  }
  async get<T extends object>(sql: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
  async run(sql: string, params: readonly SqlParam[] = []): Promise<number> {
    return this.client.$executeRawUnsafe(this.#sql(sql), ...params);
  }
  async transaction<T>(body: (tx: FastSql) => Promise<T>): Promise<T> {
    // A transaction client has no $transaction: it already is one.
    if (typeof this.client.$transaction !== "function") return body(this);
    return this.client.$transaction((tx) => body(new PrismaRawFastSql(tx)), BURST_TRANSACTION_OPTIONS);
  }
}

const fallbacks = new WeakMap<object, FastSql>();
const sqliteFast = new WeakMap<SqliteConnection, FastSql>();

/**
 * The FastSql of a client (root or transaction client, either database). On a SQLite root client
 * made by createPrismaClient it connects the client first if needed (Prisma connects lazily).
 */
export async function fastSql(client: Db, options: { viaPrisma?: boolean } = {}): Promise<FastSql> {
  const slot = options.viaPrisma ? undefined : sqliteConnections.get(client);
  if (slot) {
    // Not connected yet, or closed by $disconnect (Prisma reconnects on its next query).
    if (!slot.current?.db.open) await client.$queryRawUnsafe("SELECT 1");
    if (slot.current?.db.open) {
      let sql = sqliteFast.get(slot.current);
      if (!sql) sqliteFast.set(slot.current, (sql = new SqliteFastSql(slot.current)));
      return sql;
    }
  }
  let sql = fallbacks.get(client);
  if (!sql) fallbacks.set(client, (sql = new PrismaRawFastSql(client as unknown as RawClient)));
  return sql;
}

/**
 * A new row id for inserts made here: 25 characters shaped like Prisma's `cuid()` (a "c", the
 * time in base 36, a per-process counter, random base-36 characters), so ids made by either are
 * alike and a process's ids grow with time. Ids only need to be unique (primary keys).
 */
export function newId(): string {
  counter = (counter + 1) % 1_679_616; // 36^4
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  const count = counter.toString(36).padStart(4, "0");
  let random = "";
  for (const byte of randomBytes(12)) random += (byte % 36).toString(36);
  return `c${time}${count}${random}`;
}
let counter = Math.floor(Math.random() * 1_679_616);
