/**
 * `npm run test:two-servers`: two `next start` servers on ONE PostgreSQL database (issue 18).
 * - students' checks alternate between the servers: every check is answered, counts are exact;
 * - a session made on one is valid on the other (pages and actions on both);
 * - the per-student check budget is shared (alternating checks over the limit are refused exactly);
 * - a regrade started on server A, whose server is then killed (SIGKILL) part-way, is finished by
 *   server B (expired lease, taken over when the author's page asks B for progress), with exact counts.
 * Then `npm start -- --workers 2` on one SQLite file (issue 14, scripts/workers.ts): both workers
 * serve, simultaneous checks are all answered with exact counts, and the check budget is shared.
 * Uses the production build (NEXT_DIST_DIR, default .next; builds when missing) and the PostgreSQL
 * server of STEPWISE_TEST_PG_URL or a throwaway one. Prints one line per check; on CI writes
 * reports/two-servers.json ({numPassedTests, numFailedTests}) for scripts/ci-summary.mjs.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepareDatabase } from "./prepare-db";
import { serverActionId, waitForServer } from "./next-harness";
import { createPrismaClient } from "../lib/platform/prisma-client";
import { recreatePostgresDatabase } from "../lib/platform/migrations";
import { createSession } from "../lib/auth/session-store";
import { SESSION_COOKIE_NAME } from "../lib/auth/cookie";
import { databaseUrl, freePort, testPgServer } from "../lib/testing/pg-server";
import { demoAccounts, demoCourse } from "../prisma/fixtures";
import { findExerciseBySlug, toDefinition } from "../lib/exercises/queries";
import { saveExercise } from "../lib/authoring/cores";

const ROOT = path.resolve(__dirname, "..");
const NEXT_BIN = require.resolve("next/dist/bin/next");
const DIST = process.env.NEXT_DIST_DIR || ".next";
const SLUG = "logistic-regression-gradient";
const STUDENTS = 20;
const CHECKS_EACH = 4;
const CHECK_LIMIT = 6;
const REGRADE_ATTEMPTS = 4000;

const results: { name: string; ok: boolean; detail: string }[] = [];
function record(name: string, ok: boolean, detail: string) {
  results.push({ name, ok, detail });
  console.log(`${ok ? "PASS" : "FAIL"}  ${name}: ${detail}`);
}

function startServer(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  // Its own process group, so that killing the group kills next-server too (stack-notes).
  return spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
}

async function main(): Promise<number> {
  if (!existsSync(path.join(ROOT, DIST, "BUILD_ID"))) {
    console.log("building (next build)…");
    if (spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit" }).status !== 0) throw new Error("next build failed");
  }
  const { url: serverUrl, stop: stopPg } = await testPgServer();
  const url = databaseUrl(serverUrl, "stepwise_two_servers");
  await recreatePostgresDatabase(url);
  await prepareDatabase(url);
  const db = createPrismaClient(url);
  const servers: ChildProcess[] = [];
  try {
    const course = await db.course.findFirstOrThrow({ where: { joinCode: demoCourse.joinCode } });
    const exercise = await db.exercise.findUniqueOrThrow({ where: { slug: SLUG } });
    const students: { id: string; cookie: string }[] = [];
    for (let i = 0; i < STUDENTS + 1; i++) {
      const user = await db.user.create({ data: { email: `two${i}@servers.test`, name: `Two ${i}`, passwordHash: "x", enrolments: { create: { courseId: course.id } } } });
      const { token } = await createSession(db, user.id);
      students.push({ id: user.id, cookie: `${SESSION_COOKIE_NAME}=${token}` });
    }
    const instructorRow = await db.user.findUniqueOrThrow({ where: { email: demoAccounts.instructor.email } });
    const instructorCookie = `${SESSION_COOKIE_NAME}=${(await createSession(db, instructorRow.id)).token}`;

    // Ports from the OS (a random pick once hit one Next refuses: 3659 is "reserved for apple-sasl").
    const ports = [await freePort(), await freePort()];
    const env = { DATABASE_URL: url, NEXT_DIST_DIR: DIST, STEPWISE_INSECURE_DEV_DEFAULTS: "1", NODE_ENV: "production", CHECK_RATE_LIMIT: String(CHECK_LIMIT), REGRADE_LEASE_SECONDS: "3", REGRADE_CHUNK_SIZE: "20" } as const;
    const [a, b] = ports.map((p) => startServer(p!, env)) as [ChildProcess, ChildProcess];
    servers.push(a, b);
    const base = ports.map((p) => `http://127.0.0.1:${p}`) as [string, string];
    await Promise.all(base.map((u) => waitForServer(`${u}/api/health`)));

    const checkId = serverActionId(path.join(ROOT, DIST), "checkAnswerAction");
    const pagePath = `/courses/${course.id}/exercises/${SLUG}`;
    const check = async (server: 0 | 1, cookie: string, answer: string) => {
      const r = await fetch(`${base[server]}${pagePath}`, {
        method: "POST",
        headers: { "Next-Action": checkId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: base[server], Cookie: cookie },
        body: JSON.stringify([course.id, { slug: SLUG, stepKey: "dL_da", answer }]),
      });
      const text = await r.text();
      return { ok: r.ok && text.includes('"ok":true'), slowDown: text.includes("Slow down"), status: r.status };
    };

    // 1. Checks alternating between the servers, all students at once.
    const outcomes = await Promise.all(
      students.slice(0, STUDENTS).map(async (s, i) => {
        const list = [];
        for (let k = 0; k < CHECKS_EACH; k++) list.push(await check(((i + k) % 2) as 0 | 1, s.cookie, `a + ${k + 2}*y`));
        return list;
      }),
    );
    const answered = outcomes.flat().filter((o) => o.ok).length;
    record("checks alternating between two servers are all answered", answered === STUDENTS * CHECKS_EACH, `${answered} of ${STUDENTS * CHECKS_EACH} ok`);
    const ids = students.slice(0, STUDENTS).map((s) => s.id);
    const stored = await db.attempt.count({ where: { userId: { in: ids }, exerciseId: exercise.id } });
    const progress = await db.stepProgress.findMany({ where: { userId: { in: ids }, exerciseId: exercise.id, stepKey: "dL_da" } });
    const exact = stored === STUDENTS * CHECKS_EACH && progress.length === STUDENTS && progress.every((p) => p.attempts === CHECKS_EACH && p.incorrect === CHECKS_EACH);
    record("counts are exact (attempts stored, StepProgress per student)", exact, `${stored} attempts stored; ${progress.filter((p) => p.attempts === CHECKS_EACH).length} of ${STUDENTS} progress rows at ${CHECKS_EACH}`);

    // 2. Sessions: one session, pages on both servers.
    const pages = await Promise.all(base.map((u) => fetch(`${u}${pagePath}`, { headers: { Cookie: students[0]!.cookie }, redirect: "manual" })));
    record("a session is valid on both servers", pages.every((p) => p.status === 200), `GET exercise page: ${pages.map((p) => p.status).join(", ")}`);

    // 3. One check budget across servers.
    const burst = students[STUDENTS]!;
    const burstResults = [];
    for (let k = 0; k < CHECK_LIMIT + 4; k++) burstResults.push(await check((k % 2) as 0 | 1, burst.cookie, `a + ${k + 20}*y`));
    const accepted = burstResults.filter((r) => r.ok).length;
    const refused = burstResults.filter((r) => r.slowDown).length;
    record("the per-student check limit is shared by both servers", accepted === CHECK_LIMIT && refused === 4, `${accepted} accepted, ${refused} refused (limit ${CHECK_LIMIT} per minute)`);

    // 4. Regrade started on A; A killed part-way; B finishes it.
    const step = await db.step.findFirstOrThrow({ where: { key: "dL_dz", version: { currentOf: { id: exercise.id } } } });
    await db.attempt.createMany({
      data: Array.from({ length: REGRADE_ATTEMPTS }, (_, i) => ({
        userId: ids[i % ids.length]!, exerciseId: exercise.id, courseId: course.id, stepId: step.id, stepKey: "dL_dz",
        answer: i % 3 === 0 ? "a - y" : `a - ${i % 7}*y`, parsed: "x", verdict: "INCORRECT" as const, seed: 4_000_000_000 + i,
      })),
    });
    const stored2 = await findExerciseBySlug(db, SLUG);
    const instructor = { id: instructorRow.id, email: instructorRow.email, name: instructorRow.name, role: instructorRow.role };
    const saved = await saveExercise(db, instructor, { exerciseId: exercise.id, exercise: toDefinition(SLUG, stored2!.published, stored2!.currentVersion!) });
    if (!saved.ok) throw new Error(`saving a new version failed: ${saved.formError}`);
    const total = await db.attempt.count({ where: { exerciseId: exercise.id } });
    const regradeUrl = (i: 0 | 1) => `${base[i]}/author/${exercise.id}/regrade`;
    const started = await fetch(regradeUrl(0), { method: "POST", headers: { Cookie: instructorCookie, Origin: base[0] } });
    const startedBody = (await started.json()) as { job?: { jobId: string } };
    const jobId = startedBody.job?.jobId;
    if (!started.ok || !jobId) throw new Error(`POST regrade on A answered ${started.status}`);
    // Wait for some progress on A, then kill it.
    for (let i = 0; i < 200; i++) {
      const row = await db.regradeJob.findUniqueOrThrow({ where: { id: jobId } });
      if (row.done > 0 || row.status !== "running") break;
      await new Promise((r) => setTimeout(r, 25));
    }
    killGroup(a, "SIGKILL");
    const atKill = await db.regradeJob.findUniqueOrThrow({ where: { id: jobId } });
    const killedPartWay = atKill.status === "running" && atKill.phase === "attempts" && atKill.done > 0 && atKill.done < total;
    record("server A was killed part-way through the regrade", killedPartWay, `status ${atKill.status}, ${atKill.phase} ${atKill.done} of ${atKill.total}`);
    // The author's page now asks B (the proxy sends it there): B takes over once the lease expires.
    type View = { status: string; runs: number; done: number; total: number; summary: { regraded: number; total: number } | null };
    let view = null as View | null;
    const until = Date.now() + 120_000;
    while (Date.now() < until) {
      const r = await fetch(`${regradeUrl(1)}?job=${jobId}`, { headers: { Cookie: instructorCookie } });
      view = ((await r.json()) as { job: View | null }).job;
      if (view && view.status !== "running") break;
      await new Promise((r) => setTimeout(r, 300));
    }
    const job = await db.regradeJob.findUniqueOrThrow({ where: { id: jobId } });
    const regradedRows = await db.attempt.count({ where: { exerciseId: exercise.id, regradedAt: job.stamp } });
    record(
      "server B resumed and finished it, exact counts",
      view?.status === "done" && job.runs >= 2 && job.regraded === total && regradedRows === total && view.summary?.regraded === total,
      `status ${view?.status}, runs ${job.runs}, job.regraded ${job.regraded}, attempts stamped ${regradedRows}, attempts ${total}`,
    );
    const progressAfter = await db.stepProgress.findMany({ where: { userId: { in: ids }, exerciseId: exercise.id, stepKey: "dL_dz" } });
    // Counted attempts: those up to the first correct one (later ones are practice, issue 17 item 4).
    const perUser = await db.attempt.groupBy({ by: ["userId"], where: { userId: { in: ids }, exerciseId: exercise.id, stepKey: "dL_dz", practice: false }, _count: { _all: true } });
    const expected = new Map(perUser.map((p) => [p.userId, p._count._all]));
    record(
      "students' progress recomputed from the regraded attempts",
      progressAfter.length === STUDENTS && progressAfter.every((p) => p.attempts === expected.get(p.userId)),
      `${progressAfter.filter((p) => p.attempts === expected.get(p.userId)).length} of ${STUDENTS} rows match their attempts`,
    );
  } finally {
    for (const s of servers) killGroup(s, "SIGTERM");
    await db.$disconnect();
    stopPg();
  }
  await workersOnSqlite();
  const failed = results.filter((r) => !r.ok).length;
  if (process.env.CI) {
    mkdirSync(path.join(ROOT, "reports"), { recursive: true });
    writeFileSync(path.join(ROOT, "reports", "two-servers.json"), JSON.stringify({ numPassedTests: results.length - failed, numFailedTests: failed, results }));
  }
  console.log(`two servers on one PostgreSQL, two workers on one SQLite file: ${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

/** `npm start -- --workers 2` on one SQLite file: two worker processes behind one port. */
async function workersOnSqlite(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stepwise-workers-"));
  const url = `file:${path.join(dir, "workers.db")}`;
  await prepareDatabase(url);
  const db = createPrismaClient(url);
  const port = await freePort();
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: url, NEXT_DIST_DIR: DIST, PORT: String(port), CHECK_RATE_LIMIT: String(CHECK_LIMIT) };
  delete env.SESSION_SECRET;
  delete env.NODE_ENV;
  const primary = spawn(process.execPath, [require.resolve("tsx/cli"), path.join(ROOT, "scripts/start.ts"), "--workers", "2"], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(`${base}/api/health`);
    const course = await db.course.findFirstOrThrow({ where: { joinCode: demoCourse.joinCode } });
    const exercise = await db.exercise.findUniqueOrThrow({ where: { slug: SLUG } });
    const students: { id: string; cookie: string }[] = [];
    for (let i = 0; i < STUDENTS + 1; i++) {
      const user = await db.user.create({ data: { email: `w${i}@workers.test`, name: `W ${i}`, passwordHash: "x", enrolments: { create: { courseId: course.id } } } });
      students.push({ id: user.id, cookie: `${SESSION_COOKIE_NAME}=${(await createSession(db, user.id)).token}` });
    }
    // The workers: processes of the primary's process group that cluster.fork marked as workers.
    const group = execFileSync("ps", ["-o", "pid=", "-g", String(primary.pid)], { encoding: "utf8" }).split("\n").map((l) => l.trim()).filter(Boolean);
    const workers = group.filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes("STEPWISE_CLUSTER_WORKER=1");
      } catch {
        return false;
      }
    });
    record("npm start -- --workers 2 runs two worker processes on one port", workers.length === 2, `${workers.length} worker processes`);

    const checkId = serverActionId(path.join(ROOT, DIST), "checkAnswerAction");
    const pagePath = `/courses/${course.id}/exercises/${SLUG}`;
    // A new connection per request: the primary hands each connection to the next worker in turn.
    const check = async (cookie: string, answer: string) => {
      const r = await fetch(`${base}${pagePath}`, {
        method: "POST",
        headers: { "Next-Action": checkId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: base, Cookie: cookie, Connection: "close" },
        body: JSON.stringify([course.id, { slug: SLUG, stepKey: "dL_da", answer }]),
      });
      const text = await r.text();
      return { ok: r.ok && text.includes('"ok":true'), slowDown: text.includes("Slow down") };
    };
    const outcomes = await Promise.all(
      students.slice(0, STUDENTS).map(async (s) => {
        const list = [];
        for (let k = 0; k < CHECKS_EACH; k++) list.push(await check(s.cookie, `a + ${k + 2}*y`));
        return list;
      }),
    );
    const answered = outcomes.flat().filter((o) => o.ok).length;
    const ids = students.slice(0, STUDENTS).map((s) => s.id);
    const stored = await db.attempt.count({ where: { userId: { in: ids }, exerciseId: exercise.id } });
    const progress = await db.stepProgress.findMany({ where: { userId: { in: ids }, exerciseId: exercise.id, stepKey: "dL_da" } });
    const exact = answered === STUDENTS * CHECKS_EACH && stored === answered && progress.every((p) => p.attempts === CHECKS_EACH);
    record("two workers on one SQLite file: simultaneous checks all answered, counts exact", exact, `${answered} answered, ${stored} stored, ${progress.filter((p) => p.attempts === CHECKS_EACH).length} of ${STUDENTS} progress rows at ${CHECKS_EACH}`);

    const burst = students[STUDENTS]!;
    const burstResults = [];
    for (let k = 0; k < CHECK_LIMIT + 4; k++) burstResults.push(await check(burst.cookie, `a + ${k + 20}*y`));
    const accepted = burstResults.filter((r) => r.ok).length;
    const refused = burstResults.filter((r) => r.slowDown).length;
    record("the per-student check limit is shared by the workers", accepted === CHECK_LIMIT && refused === 4, `${accepted} accepted, ${refused} refused (limit ${CHECK_LIMIT} per minute)`);
  } finally {
    killGroup(primary, "SIGTERM");
    await db.$disconnect();
    await new Promise((r) => setTimeout(r, 1000));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
