import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { isPostgresUrl, resolveDatabaseUrl } from "./lib/platform/database-url";

// One config for both providers: DATABASE_URL=postgres(ql)://… selects the generated PostgreSQL
// schema and its migrations folder (docs/decisions/014-postgresql.md). On PostgreSQL, migrations
// are applied by scripts/migrate.ts, not `prisma migrate deploy` (prisma/orm #27403); the config
// serves `prisma generate`, `prisma migrate diff` and `prisma studio` there.
const postgres = isPostgresUrl(process.env.DATABASE_URL);

export default defineConfig(
  postgres
    ? {
        schema: "prisma/postgres/schema.prisma",
        engine: "js",
        experimental: { adapter: true },
        adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
        migrations: { path: "prisma/postgres/migrations", seed: "tsx prisma/seed.ts" },
      }
    : {
        schema: "prisma/schema.prisma",
        engine: "js",
        experimental: { adapter: true },
        adapter: async () => new PrismaBetterSQLite3({ url: resolveDatabaseUrl(process.env.DATABASE_URL) }),
        migrations: { seed: "tsx prisma/seed.ts" },
      },
);
