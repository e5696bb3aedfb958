import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.db";

export type DatabaseProvider = "sqlite" | "postgresql";

/** Whether DATABASE_URL names a PostgreSQL server (postgres:// or postgresql://). */
export function isPostgresUrl(url: string | undefined): boolean {
  return /^postgres(ql)?:\/\//i.test(url?.trim() ?? "");
}

/** The provider DATABASE_URL selects: PostgreSQL for postgres(ql)://, SQLite (the default) otherwise. */
export function databaseProvider(url: string | undefined): DatabaseProvider {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}

/**
 * Normalises DATABASE_URL. A PostgreSQL URL (postgres:// or postgresql://) is returned as given.
 * A SQLite one becomes an absolute `file:` URL: better-sqlite3 resolves relative paths against
 * the process's working directory, which differs between Next's bundle, the Prisma CLI and tests;
 * resolving once against the project root keeps them on one file. Anything else is an error.
 */
export function resolveDatabaseUrl(url: string | undefined, root: string = process.cwd()): string {
  const value = url && url.trim() !== "" ? url.trim() : DEFAULT_DATABASE_URL;
  if (isPostgresUrl(value)) return value;
  if (!value.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite file: URL or a postgresql:// URL, got "${value}"`);
  }
  const filePath = value.slice("file:".length);
  if (filePath === ":memory:") return value;
  return `file:${path.resolve(root, filePath)}`;
}

/** The SQLite file of a file: URL (an error for a PostgreSQL URL). */
export function databaseFilePath(url: string | undefined, root: string = process.cwd()): string {
  const resolved = resolveDatabaseUrl(url, root);
  if (isPostgresUrl(resolved)) throw new Error("databaseFilePath: DATABASE_URL is a PostgreSQL URL, not a file");
  return resolved.slice("file:".length);
}
