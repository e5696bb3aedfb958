/**
 * A throwaway PostgreSQL server for tests and development: initdb into a temporary directory,
 * start on a random loopback port, stop and delete at the end. Uses the Debian packages' binaries
 * (/usr/lib/postgresql/<version>/bin, `apt-get install -y postgresql`) or PG_BIN.
 *
 * Run as root (CI containers), the server is started as the `postgres` user: PostgreSQL refuses to
 * run as root. Durability settings are off (fsync, synchronous_commit): the data is thrown away.

 * CLI: scripts/pg-server.ts (npm run db:pg).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type PgServer = { url: string; port: number; dataDir: string; stop: () => void };

/** The directory holding pg_ctl/initdb: PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
export function findPgBin(): string | null {
  if (process.env.PG_BIN && existsSync(path.join(process.env.PG_BIN, "pg_ctl"))) return process.env.PG_BIN;
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : null;
}

/** A free TCP port on loopback (asked of the OS). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function pgUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const out = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (out.status !== 0) throw new Error("running as root and there is no `postgres` user to run PostgreSQL as (apt-get install -y postgresql creates it)");
  return { uid: Number(out.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function run(bin: string, args: string[], asUser: { uid: number; gid: number } | null): void {
  const result = spawnSync(bin, args, { encoding: "utf8", ...(asUser ? { uid: asUser.uid, gid: asUser.gid } : {}), cwd: os.tmpdir() });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed (${result.status}): ${result.stderr || result.stdout}`);
}

/** Starts a fresh server; `stop()` stops it and deletes its data directory. */
export async function startPgServer(): Promise<PgServer> {
  const bin = findPgBin();
  if (!bin) throw new Error("PostgreSQL server binaries not found: apt-get install -y postgresql (or set PG_BIN to the directory holding pg_ctl)");
  const user = pgUser();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "stepwise-pg-"));
  if (user) chownSync(dataDir, user.uid, user.gid);
  chmodSync(dataDir, 0o700);
  const port = await freePort();
  run(path.join(bin, "initdb"), ["-D", path.join(dataDir, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], user);
  const options = [`-p ${port}`, "-c listen_addresses=127.0.0.1", `-k ${dataDir}`, "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=300"].join(" ");
  run(path.join(bin, "pg_ctl"), ["-D", path.join(dataDir, "data"), "-o", options, "-l", path.join(dataDir, "log"), "-w", "start"], user);
  const stop = () => stopPgServer(dataDir);
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, port, dataDir, stop };
}

/** Stops the server whose temporary directory is `dataDir` and deletes it. */
export function stopPgServer(dataDir: string): void {
  const bin = findPgBin();
  if (bin && existsSync(path.join(dataDir, "data", "postmaster.pid"))) {
    try {
      run(path.join(bin, "pg_ctl"), ["-D", path.join(dataDir, "data"), "-m", "immediate", "-w", "stop"], pgUser());
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}


/**
 * The PostgreSQL server tests and tools use: the one STEPWISE_TEST_PG_URL names (.ci/run starts
 * one for the whole run), else a throwaway server started here. `stop` stops only a server started
 * here (a named one belongs to whoever started it).
 */
export async function testPgServer(): Promise<{ url: string; stop: () => void }> {
  const named = process.env.STEPWISE_TEST_PG_URL;
  if (named) return { url: named, stop: () => {} };
  const server = await startPgServer();
  return { url: server.url, stop: server.stop };
}
