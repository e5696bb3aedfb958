import type { Prisma, PrismaClient } from "@/generated/prisma/client";

/** Data-access functions take the client explicitly, so that the app (lib/platform/db.ts), the seed,
 * CLIs and integration tests (each with their own SQLite file) share them, and so that they
 * compose inside transactions. */
export type Db = PrismaClient | Prisma.TransactionClient;
