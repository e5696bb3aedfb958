#!/usr/bin/env bash
# Regenerates the single initial migration from prisma/schema.prisma.
# Only valid while no database outside development has applied it; after the first
# release, create new migrations instead (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p prisma/migrations/0001_init
npx prisma migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma --script > prisma/migrations/0001_init/migration.sql
printf 'provider = "sqlite"\n' > prisma/migrations/migration_lock.toml
npx prisma generate >/dev/null
echo "regenerated prisma/migrations/0001_init/migration.sql"
