/**
 * The PostgreSQL schema is GENERATED from the one hand-edited schema, prisma/schema.prisma (SQLite):
 * only the datasource and the generated client's folder differ, so the two can never drift in
 * models, fields or indexes. `npm run db:pg-schema` rewrites prisma/postgres/schema.prisma;
 * scripts/pg-schema.test.ts fails while the copy is out of date. See docs/decisions/014-postgresql.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const POSTGRES_SCHEMA = "prisma/postgres/schema.prisma";

const HEADER = `// GENERATED from prisma/schema.prisma by scripts/pg-schema.ts (npm run db:pg-schema): do not edit.
// Edit prisma/schema.prisma, then run npm run db:pg-schema and npm run db:pg-migration
// (docs/decisions/014-postgresql.md).

`;

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g"));
  if (!matches || matches.length !== 1) throw new Error(`prisma/schema.prisma: expected exactly one ${what}, found ${matches?.length ?? 0}`);
  return text.replace(pattern, replacement);
}

/** The PostgreSQL copy of the SQLite schema text. */
export function postgresSchema(sqlite: string): string {
  let text = replaceOnce(sqlite, /output\s*=\s*"\.\.\/generated\/prisma"/, 'output     = "../../generated/prisma-pg"', "generator output ../generated/prisma");
  text = replaceOnce(
    text,
    /datasource db \{[^}]*\}/,
    'datasource db {\n  provider = "postgresql"\n  url      = "postgresql://localhost/stepwise" // required by Prisma; the adapter\'s URL (DATABASE_URL) wins\n}',
    "datasource block",
  );
  return HEADER + text;
}

export function readPostgresSchemaFromSource(root: string): string {
  return postgresSchema(readFileSync(path.join(root, SQLITE_SCHEMA), "utf8"));
}

if (process.argv[1] && /pg-schema\.ts$/.test(process.argv[1])) {
  const root = path.resolve(__dirname, "..");
  writeFileSync(path.join(root, POSTGRES_SCHEMA), readPostgresSchemaFromSource(root));
  console.log(`wrote ${POSTGRES_SCHEMA}`);
}
