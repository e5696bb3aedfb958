/**
 * `npm start -- --workers N` (or WEB_CONCURRENCY=N): N `next start` processes behind one port.
 *
 * Next's server is one process on one core (issue 14). Node's cluster module lets several worker
 * processes accept connections on the same port — the primary hands each new connection to a
 * worker — and that is how PM2's cluster mode runs `next start` too. Every worker opens the same
 * database: on SQLite, one file in WAL mode (readers never wait; writers take turns under the busy
 * timeout, and transactions begin IMMEDIATE: lib/platform/prisma-client.ts); on PostgreSQL, a pool
 * each. What is kept per process is either a cache that is safe to duplicate (exercise versions
 * are immutable, docs/decisions/003) or, for the per-student check limit, kept in this primary
 * (rate-limiter-flexible's RateLimiterClusterMaster), so the budget is shared.
 */
import cluster from "node:cluster";
import { RateLimiterClusterMaster } from "rate-limiter-flexible";

/**
 * The worker count asked for: `--workers N` or `--workers=N` on the command line, else
 * WEB_CONCURRENCY, else 1. Throws, naming what was given, on a bad value or a misspelt flag
 * (`--worker 2` must not silently start one process).
 */
export function workerCount(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): number {
  let raw: string | undefined;
  let source = "WEB_CONCURRENCY";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--workers") {
      if (argv[i + 1] === undefined) throw new Error("--workers needs a number: a whole number from 1 to 64");
      raw = argv[++i];
      source = "--workers";
    } else if (arg.startsWith("--workers=")) {
      raw = arg.slice("--workers=".length);
      source = "--workers";
    } else if (arg.startsWith("-")) {
      throw new Error(`unknown option ${arg} (npm start takes --workers N)`);
    }
  }
  raw ??= env.WEB_CONCURRENCY;
  if (raw === undefined || raw === "") return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`${source} must be a whole number from 1 to 64, not "${raw}"`);
  return n;
}

/**
 * Runs `next start <args>` in `count` cluster workers sharing one port; a worker that dies is
 * replaced after a second, unless workers died more than 5 × count times within a minute (then
 * all stop and the process exits 1). SIGINT/SIGTERM stop the workers, then the primary.
 */
export function serveWithWorkers(nextBin: string, args: string[], count: number): void {
  // Created before any worker starts, so a worker's first check finds it.
  new RateLimiterClusterMaster();
  // execArgv []: the workers run Next on plain node, not under this script's tsx loader hooks.
  cluster.setupPrimary({ exec: nextBin, args, execArgv: [] });
  let stopping = false;
  const restarts: number[] = [];
  const fork = () => {
    if (!stopping) cluster.fork({ STEPWISE_CLUSTER_WORKER: "1" });
  };
  for (let i = 0; i < count; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that keeps dying (port taken, broken build) must not be restarted forever.
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
    if (restarts.length > 5 * count) {
      console.error(`[stepwise] workers exited ${restarts.length} times in a minute; stopping (last: ${signal ?? code})`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
      process.exitCode = 1;
      setTimeout(() => process.exit(1), 10_000).unref();
      return;
    }
    console.error(`[stepwise] worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000);
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
