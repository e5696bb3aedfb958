/**
 * Vitest globalSetup of the `postgres` project: uses the server named by STEPWISE_TEST_PG_URL
 * (.ci/run starts one) or starts a throwaway one (lib/testing/pg-server.ts), and builds the
 * migrated template database that lib/testing/test-db.ts copies for each test database.
 */
import path from "node:path";
import { Client } from "pg";
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from "../platform/migrations";
import { databaseUrl, testPgServer } from "./pg-server";

const root = path.resolve(__dirname, "../..");

async function query(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  const { url: serverUrl, stop } = await testPgServer();
  process.env.STEPWISE_TEST_PG_URL = serverUrl;
  // One template per run (by process id), so two runs on one shared server don't drop each other's.
  const template = `stepwise_template_${process.pid}`;
  process.env.STEPWISE_TEST_PG_TEMPLATE = template;
  await query(serverUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  await query(serverUrl, `CREATE DATABASE "${template}"`);
  await applyPostgresMigrations(databaseUrl(serverUrl, template), path.join(root, POSTGRES_MIGRATIONS_DIR));
  return async () => {
    await query(serverUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => {});
    stop();
  };
}
