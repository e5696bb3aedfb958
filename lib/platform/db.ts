import "server-only";
import { createPrismaClient, type PrismaClient } from "./prisma-client";
import { env } from "./env";

// One client per process; kept on globalThis in development so hot reload reuses it.
const globalForPrisma = globalThis as unknown as { stepwisePrisma?: PrismaClient };

export const db: PrismaClient = globalForPrisma.stepwisePrisma ?? createPrismaClient(env().databaseUrl);

if (env().nodeEnv !== "production") globalForPrisma.stepwisePrisma = db;
