import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.db";

/**
 * Turns DATABASE_URL into an absolute `file:` URL. better-sqlite3 resolves relative
 * paths against the process's working directory, which differs between Next's bundle,
 * the Prisma CLI and tests; resolving once against the project root keeps them on one file.
 */
export function resolveDatabaseUrl(url: string | undefined, root: string = process.cwd()): string {
  const value = url && url.trim() !== "" ? url.trim() : DEFAULT_DATABASE_URL;
  if (!value.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite file: URL, got "${value}"`);
  }
  const filePath = value.slice("file:".length);
  if (filePath === ":memory:") return value;
  return `file:${path.resolve(root, filePath)}`;
}

export function databaseFilePath(url: string | undefined, root: string = process.cwd()): string {
  return resolveDatabaseUrl(url, root).slice("file:".length);
}
