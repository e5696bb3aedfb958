/**
 * `npm run -s bench:http [-- --json]`: the check path (and draft save, and the exercise page) of the
 * real production server, measured against a framework floor in the same run.
 *
 * - Starts its own servers on loopback and a temporary database seeded with students (each with a
 *   session, as after sign-in): Stepwise (`next start`, CHECK_RATE_LIMIT=0 so the per-student limit
 *   does not hide the path's cost) and the floor (`bench/floor`: the smallest Next app whose one
 *   server action validates with zod and inserts one row into SQLite).
 * - Each check is a stored attempt (a wrong answer to an unsolved step), never a re-check.
 * - Prints, per path: mean/p50/p99 at 1 connection and at 50, throughput, errors, the ratio of our
 *   throughput to the floor's; for checks, "stored = answered"; then a deadline burst (500 students ×
 *   3 checks, bounded concurrency) with the p99 of GET / during it; then the exercise page's
 *   first-load JavaScript (gzip bytes, Chromium, cache off).
 * Bounded in count and time; loopback only; stops its servers itself.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepareDatabase } from "./prepare-db";
import { serverActionId, waitForServer } from "./next-harness";
import { createPrismaClient } from "../lib/platform/prisma-client";
import { createSession } from "../lib/auth/session-store";
import { SESSION_COOKIE_NAME } from "../lib/auth/cookie";
import { demoCourse } from "../prisma/fixtures";

const JSON_OUT = process.argv.includes("--json");
// `--only check|draft|page|workers`: that path alone (no burst, no browser) — with BENCH_CPU_PROF=<dir>, the
// app server runs under `node --cpu-prof` and writes its profile there when stopped (ADR 012).
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ?? null;
const ROOT = path.resolve(__dirname, "..");
const NEXT_BIN = require.resolve("next/dist/bin/next");
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3410);
const FLOOR_PORT = Number(process.env.BENCH_FLOOR_PORT ?? 3411);
const SLUG = "logistic-regression-gradient";
const STUDENTS = 500;

type Sample = { ms: number; ok: boolean };
type Stats = { n: number; errors: number; mean: number; p50: number; p99: number; rps: number };

function stats(samples: Sample[], wallMs: number): Stats {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? NaN;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    n: samples.length,
    errors: samples.filter((s) => !s.ok).length,
    mean: round(ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length)),
    p50: round(q(0.5)),
    p99: round(q(0.99)),
    rps: round((samples.length * 1000) / wallMs),
  };
}

/** Runs `total` requests with `concurrency` loops; each request is `make(i)`. */
async function load(total: number, concurrency: number, make: (i: number) => Promise<boolean>): Promise<{ stats: Stats; okCount: number }> {
  const samples: Sample[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const s = performance.now();
        let ok = false;
        try {
          ok = await make(i);
        } catch {
          ok = false;
        }
        samples.push({ ms: performance.now() - s, ok });
      }
    }),
  );
  return { stats: stats(samples, performance.now() - t0), okCount: samples.filter((s) => s.ok).length };
}

function start(args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, NEXT_BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
}

/** One path against its floor at 1 and 50 connections: means, throughputs, p50/p99 and their ratios. */
function compared(section: string, ours1: Stats, floor1: Stats, ours50: Stats, floor50: Stats) {
  return {
    section,
    ours_ms_1conn: ours1.mean,
    floor_ms_1conn: floor1.mean,
    throughput_ratio_1conn: Math.round((ours1.rps / floor1.rps) * 1000) / 1000,
    ours_rps_50: ours50.rps,
    floor_rps_50: floor50.rps,
    throughput_ratio_50: Math.round((ours50.rps / floor50.rps) * 1000) / 1000,
    ours_p50_50: ours50.p50,
    ours_p99_50: ours50.p99,
    floor_p99_50: floor50.p99,
    p99_ratio_50: Math.round((ours50.p99 / floor50.p99) * 100) / 100,
    errors: ours1.errors + ours50.errors,
  };
}

/**
 * The goal of each path against its floor in the same run (issue 14). Check and draft save: at
 * least half the floor's throughput at 1 and at 50 connections, p99 at 50 at most twice the
 * floor's. The exercise page reads about ten tables and renders every step; its floor renders one
 * read: a quarter of the floor's throughput and p99 at most 4× (our own target, set from the
 * page's work; see docs/decisions/012).
 */
function goalOf(name: string, ours1: Stats, floor1: Stats, ours50: Stats, floor50: Stats) {
  const minRatio = name === "page" ? 0.25 : 0.5;
  const maxP99 = name === "page" ? 4 : 2;
  const meets = ours1.rps / floor1.rps >= minRatio && ours50.rps / floor50.rps >= minRatio && ours50.p99 / floor50.p99 <= maxP99 && ours1.errors + ours50.errors === 0;
  return { goal: `throughput ratio >= ${minRatio} at 1 and 50 conn, p99 ratio <= ${maxP99}, 0 errors`, meets_goal: meets };
}

/** Whether any file under `dir` changed after `mtimeMs` (the floor app is rebuilt when edited). */
function newerThan(dir: string, mtimeMs: number): boolean {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).some((e) => e.isFile() && statSync(path.join(e.parentPath, e.name)).mtimeMs > mtimeMs);
}

/** The environment of `npm start` in its local demo mode (no SESSION_SECRET, no NODE_ENV=production). */
function demoEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  delete env.SESSION_SECRET;
  delete env.NODE_ENV;
  return env as NodeJS.ProcessEnv;
}

function log(line: string) {
  if (!JSON_OUT) console.log(line);
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "stepwise-bench-http-"));
  // BENCH_DATABASE_URL=postgresql://… measures on PostgreSQL (an empty database; the floor stays on SQLite).
  const url = process.env.BENCH_DATABASE_URL ?? `file:${path.join(tmp, "bench.db")}`;
  const appDist = path.join(ROOT, process.env.NEXT_DIST_DIR || ".next");
  const floorDist = path.join(ROOT, "bench/floor/.next");
  if (!existsSync(path.join(appDist, "BUILD_ID"))) {
    log("building Stepwise (next build)…");
    if (spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit" }).status !== 0) throw new Error("next build failed");
  }
  if (!existsSync(path.join(floorDist, "BUILD_ID")) || newerThan(path.join(ROOT, "bench/floor/app"), statSync(path.join(floorDist, "BUILD_ID")).mtimeMs)) {
    log("building the floor app (bench/floor)…");
    if (spawnSync(process.execPath, [NEXT_BIN, "build", "bench/floor"], { cwd: ROOT, stdio: "inherit" }).status !== 0) throw new Error("floor build failed");
  }

  // Database: migrated, seeded, STUDENTS enrolled students with a session each.
  await prepareDatabase(url);
  const db = createPrismaClient(url);
  const course = await db.course.findFirstOrThrow({ where: { joinCode: demoCourse.joinCode } });
  const exercise = await db.exercise.findUniqueOrThrow({ where: { slug: SLUG } });
  const cookies: string[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const user = await db.user.create({ data: { email: `bench${i}@bench.test`, name: `Bench ${i}`, passwordHash: "x", enrolments: { create: { courseId: course.id } } } });
    const { token } = await createSession(db, user.id);
    cookies.push(`${SESSION_COOKIE_NAME}=${token}`);
  }

  const servers: ChildProcess[] = [];
  const stop = () => servers.forEach((s) => s.kill("SIGTERM"));
  process.on("exit", stop);
  try {
    const profile = CPU_PROF_DIR ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(CPU_PROF_DIR)] : [];
    servers.push(start(["start", "-p", String(APP_PORT)], { DATABASE_URL: url, STEPWISE_INSECURE_DEV_DEFAULTS: "1", CHECK_RATE_LIMIT: "0", NODE_ENV: "production", PORT: String(APP_PORT) }, profile));
    servers.push(start(["start", "bench/floor", "-p", String(FLOOR_PORT)], { FLOOR_DB: path.join(tmp, "floor.db"), NODE_ENV: "production" }));
    await waitForServer(`http://127.0.0.1:${APP_PORT}/api/health`, 60_000);
    await waitForServer(`http://127.0.0.1:${FLOOR_PORT}/`, 60_000);

    const app = `http://127.0.0.1:${APP_PORT}`;
    const floor = `http://127.0.0.1:${FLOOR_PORT}`;
    const checkId = serverActionId(appDist, "checkAnswerAction");
    const draftId = serverActionId(appDist, "saveDraftAction");
    const floorId = serverActionId(floorDist, "floorAction");
    const action = (base: string, route: string, id: string, cookie: string | null, args: unknown[]) =>
      fetch(`${base}${route}`, {
        method: "POST",
        headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: base, ...(cookie ? { Cookie: cookie } : {}) },
        body: JSON.stringify(args),
      }).then(async (r) => r.ok && (await r.text()).includes('"ok":true'));
    // A wrong answer each time (an unsolved step): every check is a stored attempt.
    // The exercise page binds its course into the actions (docs/decisions/009): arguments are [courseId, input].
    const pagePath = `/courses/${course.id}/exercises/${SLUG}`;
    const check = (i: number) => action(app, pagePath, checkId, cookies[i % STUDENTS]!, [course.id, { slug: SLUG, stepKey: "dL_da", answer: `a + ${(i % 97) + 2}*y` }]);
    const draft = (i: number) => action(app, pagePath, draftId, cookies[i % STUDENTS]!, [course.id, { slug: SLUG, stepKey: "dL_dz", text: `a - y + ${i}` }]);
    const floorCall = (i: number) => action(floor, "/", floorId, null, [{ slug: SLUG, stepKey: "dL_da", answer: `a + ${i}` }]);
    const page = (i: number) => fetch(`${app}${pagePath}`, { headers: { Cookie: cookies[i % STUDENTS]! } }).then(async (r) => r.ok && (await r.text()).length > 0);
    // The page's floor: a page rendered per request from one database read (bench/floor/app/dynamic).
    const floorPage = () => fetch(`${floor}/dynamic`).then(async (r) => r.ok && (await r.text()).includes("Latest answers"));

    // Warm up both servers (JIT, module loading, caches).
    await load(100, 4, check);
    await load(100, 4, floorCall);
    await load(30, 2, floorPage);
    await load(30, 2, page);
    await load(50, 4, draft);

    const before = await db.attempt.count({ where: { exerciseId: exercise.id } });
    const results: Record<string, unknown>[] = [];
    let answered = 0;
    for (const [name, fn] of [
      ["check", check],
      ["draft", draft],
      ["page", page],
    ] as const) {
      if (ONLY && name !== ONLY) continue;
      const floorFn = name === "page" ? floorPage : floorCall;
      const floor1 = await load(300, 1, floorFn);
      const ours1 = await load(name === "page" ? 150 : 300, 1, fn);
      const floor50 = await load(2000, 50, floorFn);
      const ours50 = await load(name === "page" ? 600 : 2000, 50, fn);
      if (name === "check") answered = ours1.okCount + ours50.okCount;
      const row = { ...compared(`http-${name}`, ours1.stats, floor1.stats, ours50.stats, floor50.stats), ...goalOf(name, ours1.stats, floor1.stats, ours50.stats, floor50.stats) };
      results.push(row);
      log(`${name}: ${JSON.stringify(row)}`);
    }
    const checkRow = results.find((r) => r.section === "http-check");
    if (checkRow) {
      const stored = (await db.attempt.count({ where: { exerciseId: exercise.id } })) - before;
      Object.assign(checkRow, { stored_equals_answered: stored === answered, stored, answered });
    }
    if (ONLY && ONLY !== "workers") {
      if (JSON_OUT) for (const r of results) console.log(JSON.stringify(r));
      return;
    }

    // Two worker processes on the same port and database (`npm start -- --workers 2`), checked
    // against the same floor (one process): what this 2-core machine gets from both cores.
    if (!ONLY || ONLY === "workers") {
      const workersPort = APP_PORT + 2;
      const startScript = path.join(ROOT, "scripts/start.ts");
      servers.push(
        spawn(process.execPath, [require.resolve("tsx/cli"), startScript, "--workers", "2"], {
          cwd: ROOT,
          env: demoEnv({ DATABASE_URL: url, CHECK_RATE_LIMIT: "0", PORT: String(workersPort) }),
          stdio: ["ignore", "ignore", "inherit"],
        }),
      );
      const base = `http://127.0.0.1:${workersPort}`;
      await waitForServer(`${base}/api/health`, 60_000);
      const checkOn = (i: number) => action(base, pagePath, checkId, cookies[i % STUDENTS]!, [course.id, { slug: SLUG, stepKey: "dL_da", answer: `a + ${(i % 89) + 3}*y*y` }]);
      await load(200, 4, checkOn);
      const storedBefore = await db.attempt.count({ where: { exerciseId: exercise.id } });
      const floor1 = await load(300, 1, floorCall);
      const ours1 = await load(300, 1, checkOn);
      const floor50 = await load(2000, 50, floorCall);
      const ours50 = await load(2000, 50, checkOn);
      const storedAfter = await db.attempt.count({ where: { exerciseId: exercise.id } });
      const row = { ...compared("http-check-2-workers", ours1.stats, floor1.stats, ours50.stats, floor50.stats), stored_equals_answered: storedAfter - storedBefore === ours1.okCount + ours50.okCount };
      results.push(row);
      log(`check, 2 workers: ${JSON.stringify(row)}`);
    }


    if (ONLY) {
      if (JSON_OUT) for (const r of results) console.log(JSON.stringify(r));
      return;
    }

    // Deadline burst: every student checks 3 steps within a few seconds (bounded concurrency),
    // while another client keeps loading the home page — on one process, then on 2 workers.
    const steps = ["dL_da", "da_dz", "dL_dz"];
    const deadlineBurst = async (base: string, section: string) => {
      const burstBefore = await db.attempt.count({ where: { exerciseId: exercise.id } });
      let burstDone = false;
      const homeSamples: Sample[] = [];
      const home = (async () => {
        while (!burstDone) {
          const s = performance.now();
          const ok = await fetch(`${base}/`).then((r) => r.ok).catch(() => false);
          homeSamples.push({ ms: performance.now() - s, ok });
        }
      })();
      const burst = await load(STUDENTS * 3, 100, (i) =>
        action(base, pagePath, checkId, cookies[Math.floor(i / 3)]!, [course.id, { slug: SLUG, stepKey: steps[i % 3]!, answer: `a + ${i}*y*z + ${section.length}` }]),
      );
      burstDone = true;
      await home;
      const burstStored = (await db.attempt.count({ where: { exerciseId: exercise.id } })) - burstBefore;
      const homeStats = stats(homeSamples, 1);
      const burstRow = {
        section,
        checks: STUDENTS * 3,
        seconds: Math.round((burst.stats.n / burst.stats.rps) * 100) / 100,
        errors: burst.stats.errors,
        stored_equals_answered: burstStored === burst.okCount,
        check_p99_ms: burst.stats.p99,
        home_requests_during: homeStats.n,
        home_p99_ms: homeStats.p99,
      };
      results.push(burstRow);
      log(`burst: ${JSON.stringify(burstRow)}`);
    };
    await deadlineBurst(app, "http-deadline-burst");
    await deadlineBurst(`http://127.0.0.1:${APP_PORT + 2}`, "http-deadline-burst-2-workers");

    // First-load JavaScript of the exercise page, in Chromium with an empty cache.
    results.push({ section: "http-first-load-js", ...(await firstLoadJs(app, cookies[0]!, pagePath)) });
    if (JSON_OUT) for (const r of results) console.log(JSON.stringify(r));
  } finally {
    // Wait for the servers to exit (a profiled one writes its profile on the way out).
    const exited = servers.map((s) => (s.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => s.once("exit", () => r()))));
    stop();
    await Promise.race([Promise.all(exited), new Promise((r) => setTimeout(r, 15_000))]);
    await db.$disconnect();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Sum of the encoded (gzip) sizes of the scripts the exercise page loads, with the cache off. */
async function firstLoadJs(app: string, cookie: string, pagePath: string): Promise<Record<string, number | string>> {
  const { chromium } = await import("@playwright/test");
  const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p): p is string => !!p && existsSync(p));
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const context = await browser.newContext();
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: app }]);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const scripts = new Map<string, boolean>();
    let bytes = 0;
    cdp.on("Network.responseReceived", (e) => {
      if (e.type === "Script") scripts.set(e.requestId, true);
    });
    cdp.on("Network.loadingFinished", (e) => {
      if (scripts.has(e.requestId)) bytes += e.encodedDataLength;
    });
    await page.goto(`${app}${pagePath}`, { waitUntil: "networkidle" });
    return { scripts: scripts.size, js_kb_gzip: Math.round(bytes / 102.4) / 10, goal_kb: 200 };
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
