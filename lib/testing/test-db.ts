/**
 * Integration tests get their own SQLite file each: a migrated template is made once per
 * process and copied, so a test file never sees another's data and setup costs milliseconds.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createHash, randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, type PrismaClient } from "../platform/prisma-client";
import { seed } from "../../prisma/seed";

const root = path.resolve(__dirname, "../..");
const tmpDir = path.join(os.tmpdir(), "stepwise-test-db");
/**
 * The template's name includes a hash of every migration: process ids are reused, and a template
 * left in the temporary folder by an earlier run with an older schema must never be taken for
 * this one's (it was, once: "column followThroughCredit does not exist").
 */
function migrationsHash(): string {
  const dir = path.join(root, "prisma", "migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name, "migration.sql");
    if (existsSync(file)) hash.update(name).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 12);
}
const templateFile = path.join(tmpDir, `template-${migrationsHash()}-${process.pid}.db`);

function ensureTemplate() {
  if (existsSync(templateFile)) return;
  mkdirSync(tmpDir, { recursive: true });
  execFileSync(process.execPath, [require.resolve("prisma/build/index.js"), "migrate", "deploy"], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, DATABASE_URL: `file:${templateFile}` },
  });
}

export type TestDb = { db: PrismaClient; url: string; file: string; cleanup: () => Promise<void> };

/** A fresh, migrated database; `seeded: true` also runs the demo seed. */
export async function createTestDb(options: { seeded?: boolean } = {}): Promise<TestDb> {
  ensureTemplate();
  const file = path.join(tmpDir, `${randomUUID()}.db`);
  copyFileSync(templateFile, file);
  const url = `file:${file}`;
  const db = createPrismaClient(url);
  if (options.seeded) await seed(db);
  return {
    db,
    url,
    file,
    cleanup: async () => {
      await db.$disconnect();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
  };
}
