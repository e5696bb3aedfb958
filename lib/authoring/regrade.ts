/**
 * Bulk regrade: every attempt of an exercise is graded again under the CURRENT version.
 * Old attempts are matched to the new steps by Step.key; the stored answer text is graded
 * again; previousVerdict/regradedAt record what changed; each regraded attempt then points at
 * the new step (it has now been graded under that version). StepProgress is recomputed for the
 * affected students so their progress follows.
 *
 * Works in chunks (one short transaction each) so a big course never holds SQLite's single
 * writer for long, and reports progress after each chunk. Runs as a job row that any server can
 * resume (issue 18; below).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { Db } from "@/lib/platform/db-client";
import { findVersionWithContent, toDefinition } from "@/lib/exercises/queries";
import { mayEditExercise } from "@/lib/auth/policy";
import type { CurrentUser } from "@/lib/auth/types";
import { forbidden, unauthenticated, type ActionResult } from "@/lib/platform/action-result";
import { compileStep, followsReferences, gradeWithFollowThrough, verdictText, type GradableStep, type Variable } from "@/lib/grading";
import { exerciseIdSchema } from "@/lib/authoring/validation";
import { premisesOf, type LatestAnswer } from "@/lib/student-work/follow-through";
import { describeSteps } from "@/lib/exercises/step-names";
import { drawParameters, forValidation, hasParameters, withParameters } from "@/lib/exercises/parameters";

export const REGRADE_CHUNK_SIZE = 200;

export type RegradeProgress = { phase: "attempts" | "progress"; done: number; total: number };

export type ChangedVerdict = {
  attemptId: string;
  userId: string;
  userName: string;
  /** The course the attempt was made in (null: outside any course). */
  courseId: string | null;
  stepKey: string;
  answer: string;
  from: "CORRECT" | "INCORRECT" | "INVALID" | "CARRIED_FORWARD";
  to: "CORRECT" | "INCORRECT" | "CARRIED_FORWARD";
  feedback: string;
};

export type RegradeSummary = {
  version: number;
  total: number;
  regraded: number;
  unchanged: number;
  /** Attempts on a step key that the current version no longer has: left as they were. */
  unmatched: number;
  changed: ChangedVerdict[];
  /** Steps whose key does not compile (should not happen for a valid version): their attempts were skipped. */
  skippedSteps: { key: string; message: string }[];
  studentsAffected: number;
};

type Options = { chunkSize?: number; onProgress?: (p: RegradeProgress) => void | Promise<void> };

/**
 * Bulk regrades run as job rows (RegradeJob, issue 18): any app server may run one, and when the
 * server running it dies another takes it over once its lease has expired. Each chunk is one
 * transaction that regrades its attempts AND advances the job's cursor and counts, conditioned on
 * still holding the lease: a chunk is applied exactly once, whoever runs it, and a server that lost
 * its lease (it stalled past the expiry and another took over) stops at its next chunk.
 */
export type RegradeJobRow = NonNullable<Awaited<ReturnType<PrismaClient["regradeJob"]["findUnique"]>>>;

/** Lease of a running job, renewed by every chunk: REGRADE_LEASE_SECONDS (default 30). */
export function regradeLeaseMs(): number {
  const s = Number(process.env.REGRADE_LEASE_SECONDS ?? "");
  return (Number.isFinite(s) && s > 0 ? s : 30) * 1000;
}

function defaultChunkSize(): number {
  const n = Number(process.env.REGRADE_CHUNK_SIZE ?? "");
  return Number.isInteger(n) && n > 0 ? n : REGRADE_CHUNK_SIZE;
}

/** This process, as the holder of job leases. */
export const SERVER_ID = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

/** The version's definition, compiled steps and follow-through history a job grades against. */
async function prepareRegrade(client: Db, job: { exerciseId: string; versionId: string; stamp: Date }) {
  const { exerciseId } = job;
  const exercise = await client.exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { slug: true, published: true } });
  const version = await findVersionWithContent(client, job.versionId);
  if (!version) throw new Error("the version to regrade to no longer exists");
  const def = toDefinition(exercise.slug, exercise.published, version);

  const steps = new Map<string, { id: string; compiled: GradableStep; mistakeIds: string[]; follows?: string; index: number }>();
  const skippedSteps: RegradeSummary["skippedSteps"] = [];
  version.steps.forEach((row, i) => {
    const step = def.steps[i]!;
    const compiled = compileStep(step, forValidation(def.variables));
    if (!compiled.ok) skippedSteps.push({ key: row.key, message: compiled.errors.map((e) => e.message).join("; ") });
    else steps.set(row.key, { id: row.id, compiled, mistakeIds: row.mistakes.map((m) => m.id), index: i, ...(step.follows ? { follows: step.follows } : {}) });
  });
  // Per-student parameters: each student is regraded with their own values (stable per student
  // and exercise), compiled once per distinct set of values.
  const parametrised = hasParameters(def.variables);
  const compiledBySet = new Map<string, Map<string, GradableStep>>();
  const variablesFor = (userId: string): Variable[] => withParameters(def.variables, drawParameters(def.variables, exerciseId, userId));
  const compiledFor = (userId: string, stepKey: string): GradableStep => {
    const base = steps.get(stepKey)!;
    if (!parametrised) return base.compiled;
    const values = drawParameters(def.variables, exerciseId, userId);
    const signature = JSON.stringify(values);
    let set = compiledBySet.get(signature);
    if (!set) compiledBySet.set(signature, (set = new Map()));
    let compiled = set.get(stepKey);
    if (!compiled) {
      const c = compileStep(def.steps[base.index]!, withParameters(def.variables, values));
      compiled = c.ok ? c : base.compiled;
      set.set(stepKey, compiled);
    }
    return compiled;
  };
  // Follow-through: an attempt of a step that follows from earlier ones is judged against the
  // student's answers to those steps as they stood when the attempt was made — with the verdicts
  // they had before this job (a resumed job must judge as the first run would have).
  const history = await earlierAnswerHistory(client, exerciseId, [...steps.values()].flatMap((s) => (s.follows ? followsReferences(s.follows) : [])), job.stamp);
  return { def, version: version.version, steps, skippedSteps, variablesFor, compiledFor, history };
}
type Prepared = Awaited<ReturnType<typeof prepareRegrade>>;

class LeaseLost extends Error {}

/**
 * Creates the regrade job of an exercise to its current version, or returns the one already
 * running (one at a time per exercise: the exercise row is locked while checking, see
 * addExerciseVersion). The caller then runs it (runRegradeJob) — or any server will, once its
 * lease expires.
 */
export async function createRegradeJob(client: PrismaClient, exerciseId: string, requestedById: string, owner: string = SERVER_ID): Promise<RegradeJobRow> {
  return client.$transaction(async (tx) => {
    const head = await tx.exercise.update({ where: { id: exerciseId }, data: { updatedAt: new Date() }, select: { currentVersionId: true } });
    if (!head.currentVersionId) throw new Error("the exercise has no current version");
    const running = await tx.regradeJob.findFirst({ where: { exerciseId, status: "running" }, orderBy: { createdAt: "desc" } });
    if (running) return running;
    const now = new Date();
    return tx.regradeJob.create({
      data: {
        exerciseId,
        versionId: head.currentVersionId,
        requestedById,
        stamp: now,
        total: await tx.attempt.count({ where: { exerciseId } }),
        leaseOwner: owner,
        leaseExpiresAt: new Date(now.getTime() + regradeLeaseMs()),
        runs: 1,
      },
    });
  }, { timeout: 30_000, maxWait: 30_000 });
}

/**
 * Takes over running jobs whose lease has expired (their server died or stalled): returns the ids
 * now leased to `owner`, who should run them. `jobId` limits it to one job.
 */
export async function claimAbandonedRegrades(client: PrismaClient, owner: string = SERVER_ID, jobId?: string): Promise<string[]> {
  const now = new Date();
  const candidates = await client.regradeJob.findMany({
    where: { status: "running", leaseExpiresAt: { lt: now }, ...(jobId ? { id: jobId } : {}) },
    select: { id: true },
  });
  const claimed: string[] = [];
  for (const c of candidates) {
    const r = await client.regradeJob.updateMany({
      where: { id: c.id, status: "running", leaseExpiresAt: { lt: now } },
      data: { leaseOwner: owner, leaseExpiresAt: new Date(Date.now() + regradeLeaseMs()), runs: { increment: 1 } },
    });
    if (r.count === 1) claimed.push(c.id);
  }
  return claimed;
}

/**
 * Renews the lease and records progress, only while `owner` holds it AND the job is still where
 * this runner read it (phase and cursor): a second runner of the same chunk (a double click, a
 * stalled server) finds the row moved on, and its transaction rolls back. Throws LeaseLost then.
 */
async function advance(tx: Db, job: { id: string; phase: string; cursor: string | null }, owner: string, data: Parameters<PrismaClient["regradeJob"]["updateMany"]>[0]["data"]) {
  const r = await tx.regradeJob.updateMany({
    where: { id: job.id, leaseOwner: owner, status: "running", phase: job.phase, cursor: job.cursor },
    data: { ...data, leaseExpiresAt: new Date(Date.now() + regradeLeaseMs()) },
  });
  if (r.count !== 1) throw new LeaseLost();
}

/**
 * Runs a job this server holds the lease of, chunk by chunk, from its cursor to the end.
 * Returns "done", or "lost" when another server took the lease (this one stalled), or "failed"
 * (recorded on the job with the error, for the author to see and start again).
 */
export async function runRegradeJob(client: PrismaClient, jobId: string, owner: string = SERVER_ID, options: Options = {}): Promise<"done" | "lost" | "failed"> {
  const chunkSize = Math.max(1, options.chunkSize ?? defaultChunkSize());
  let prepared: Prepared | null = null;
  try {
    for (;;) {
      const job = await client.regradeJob.findUniqueOrThrow({ where: { id: jobId } });
      if (job.status !== "running") return job.status === "done" ? "done" : "failed";
      if (job.leaseOwner !== owner) return "lost";
      prepared ??= await prepareRegrade(client, job);
      await options.onProgress?.({ phase: job.phase === "progress" ? "progress" : "attempts", done: job.done, total: job.total });
      if (job.phase === "attempts") {
        const chunk = await client.attempt.findMany({
          where: { exerciseId: job.exerciseId, ...(job.cursor ? { id: { gt: job.cursor } } : {}) },
          orderBy: { id: "asc" },
          take: chunkSize,
          select: { id: true, userId: true, stepKey: true, answer: true, verdict: true, createdAt: true },
        });
        if (chunk.length === 0) {
          const pairs = await affectedPairs(client, job);
          await advance(client, job, owner, { phase: "progress", cursor: "0", done: 0, total: pairs.length });
          continue;
        }
        const p = prepared;
        await client.$transaction(async (tx) => {
          const counts = await regradeChunk(tx, p, job, chunk);
          await advance(tx, job, owner, {
            cursor: chunk[chunk.length - 1]!.id,
            done: { increment: chunk.length },
            regraded: { increment: counts.regraded },
            unchanged: { increment: counts.unchanged },
            unmatched: { increment: counts.unmatched },
          });
        }, { timeout: 60_000, maxWait: 30_000 });
      } else {
        const pairs = await affectedPairs(client, job);
        const from = Number(job.cursor ?? "0");
        if (from >= pairs.length) {
          await advance(client, job, owner, { status: "done", finishedAt: new Date(), done: pairs.length });
          await options.onProgress?.({ phase: "progress", done: pairs.length, total: pairs.length });
          return "done";
        }
        const slice = pairs.slice(from, from + chunkSize);
        const p = prepared;
        await client.$transaction(async (tx) => {
          for (const pair of slice) {
            await recomputeStepProgress(tx, pair.userId, job.exerciseId, pair.stepKey);
            // The status is the live one, as on the student's page: an attempt carried forward then
            // stays so in history, but the step is carried forward now only if its latest answer still
            // follows from the student's CURRENT premises (a regrade must not restore credit that a
            // fixed premise took away).
            const step = p.steps.get(pair.stepKey);
            if (step?.follows) await dropStaleCarriedForward(tx, p, job.exerciseId, pair.userId, pair.stepKey, step.index);
          }
          await advance(tx, job, owner, { cursor: String(from + slice.length), done: from + slice.length });
        }, { timeout: 60_000, maxWait: 30_000 });
      }
    }
  } catch (error) {
    if (error instanceof LeaseLost) return "lost";
    const message = error instanceof Error ? error.message : String(error);
    await client.regradeJob.updateMany({ where: { id: jobId, leaseOwner: owner, status: "running" }, data: { status: "failed", error: message, finishedAt: new Date() } }).catch(() => {});
    console.error(`regrade job ${jobId} failed`, error);
    return "failed";
  }
}

type ChunkAttempt = { id: string; userId: string; stepKey: string; answer: string; verdict: "CORRECT" | "INCORRECT" | "INVALID" | "CARRIED_FORWARD"; createdAt: Date };

async function regradeChunk(tx: Db, p: Prepared, job: { stamp: Date }, chunk: ChunkAttempt[]) {
  const counts = { regraded: 0, unchanged: 0, unmatched: 0 };
  const { def, steps } = p;
  for (const attempt of chunk) {
    const step = steps.get(attempt.stepKey);
    if (!step) {
      counts.unmatched++;
      continue;
    }
    const compiled = p.compiledFor(attempt.userId, attempt.stepKey);
    let r: ReturnType<GradableStep["grade"]> | ReturnType<typeof gradeWithFollowThrough> = compiled.grade(attempt.answer);
    if (step.follows && r.verdict === "incorrect" && r.diagnosis !== "known-mistake") {
      const key = def.steps[step.index]!;
      const earlier = p.history.asOf(attempt.userId, attempt.createdAt);
      r = gradeWithFollowThrough(attempt.answer, key, p.variablesFor(attempt.userId), earlier, { describe: describeSteps(def.steps) });
    }
    let verdict: "CORRECT" | "INCORRECT" | "CARRIED_FORWARD";
    let feedback: string;
    let diagnosis: string | null = null;
    let mistakeId: string | null = null;
    let parsed = attempt.answer;
    let seed = compiled.seed;
    if (r.verdict === "correct" || r.verdict === "incorrect" || r.verdict === "carried-forward") {
      verdict = r.verdict === "correct" ? "CORRECT" : r.verdict === "carried-forward" ? "CARRIED_FORWARD" : "INCORRECT";
      feedback = r.feedback;
      parsed = r.canonical;
      seed = r.seed;
      if (r.verdict === "carried-forward") diagnosis = "carried-forward";
      if (r.verdict === "incorrect") {
        diagnosis = r.diagnosis;
        mistakeId = r.mistakeIndex !== undefined ? (step.mistakeIds[r.mistakeIndex] ?? null) : null;
      }
    } else {
      // An answer the new version can no longer read (e.g. a variable it no longer allows)
      // is marked incorrect with the reason: an attempt already spent is not refunded.
      verdict = "INCORRECT";
      feedback = `Regraded under version ${p.version}: ${verdictText(r)}`;
      diagnosis = "invalid-after-regrade";
    }
    await tx.attempt.update({
      where: { id: attempt.id },
      data: { stepId: step.id, verdict, feedback, diagnosis, mistakeId, parsed, seed, previousVerdict: attempt.verdict, regradedAt: job.stamp },
    });
    counts.regraded++;
    if (verdict === attempt.verdict) counts.unchanged++;
  }
  return counts;
}

/** The students and steps whose attempts this job regraded (their StepProgress is recomputed), in a stable order. */
async function affectedPairs(client: Db, job: { exerciseId: string; stamp: Date }): Promise<{ userId: string; stepKey: string }[]> {
  return client.attempt.findMany({
    where: { exerciseId: job.exerciseId, regradedAt: job.stamp },
    distinct: ["userId", "stepKey"],
    orderBy: [{ userId: "asc" }, { stepKey: "asc" }],
    select: { userId: true, stepKey: true },
  });
}

async function dropStaleCarriedForward(tx: Db, p: Prepared, exerciseId: string, userId: string, stepKey: string, index: number): Promise<void> {
  const row = await tx.stepProgress.findUnique({ where: { userId_exerciseId_stepKey: { userId, exerciseId, stepKey } } });
  if (!row?.carriedForward) return;
  const latest = await tx.attempt.findFirst({ where: { userId, exerciseId, stepKey }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { answer: true } });
  // Current premises: the verdicts as they are now (after this regrade), not as they were before it.
  const now = await earlierAnswerHistory(tx, exerciseId, p.steps.get(stepKey)?.follows ? followsReferences(p.steps.get(stepKey)!.follows!) : [], null, userId);
  const r = latest ? gradeWithFollowThrough(latest.answer, p.def.steps[index]!, p.variablesFor(userId), now.asOf(userId, new Date(8.64e15))) : null;
  if (r?.verdict !== "carried-forward") await tx.stepProgress.update({ where: { id: row.id }, data: { carriedForward: false } });
}

/** The summary of a finished (or running) job: counts from the job row, changed verdicts from the attempts it regraded. */
export async function regradeSummary(client: Db, job: RegradeJobRow): Promise<RegradeSummary> {
  const version = await client.exerciseVersion.findUnique({ where: { id: job.versionId }, select: { version: true } });
  const rows = await client.attempt.findMany({
    where: { exerciseId: job.exerciseId, regradedAt: job.stamp },
    orderBy: { id: "asc" },
    select: { id: true, userId: true, courseId: true, stepKey: true, answer: true, verdict: true, previousVerdict: true, feedback: true, user: { select: { name: true } } },
  });
  const changed: ChangedVerdict[] = [];
  for (const a of rows) {
    if (a.previousVerdict === null || a.previousVerdict === a.verdict || a.verdict === "INVALID") continue;
    changed.push({ attemptId: a.id, userId: a.userId, userName: a.user.name, courseId: a.courseId, stepKey: a.stepKey, answer: a.answer, from: a.previousVerdict, to: a.verdict, feedback: a.feedback });
  }
  const prepared = job.status === "failed" ? null : await prepareSkipped(client, job);
  return {
    version: version?.version ?? 0,
    // Attempts gone through (job.total is the current phase's, and attempts made while it ran count too).
    total: job.regraded + job.unmatched,
    regraded: job.regraded,
    unchanged: job.unchanged,
    unmatched: job.unmatched,
    changed,
    skippedSteps: prepared ?? [],
    studentsAffected: new Set(rows.map((r) => r.userId)).size,
  };
}

async function prepareSkipped(client: Db, job: RegradeJobRow): Promise<RegradeSummary["skippedSteps"]> {
  const version = await findVersionWithContent(client, job.versionId);
  const exercise = await client.exercise.findUnique({ where: { id: job.exerciseId }, select: { slug: true, published: true } });
  if (!version || !exercise) return [];
  const def = toDefinition(exercise.slug, exercise.published, version);
  return version.steps.flatMap((row, i) => {
    const compiled = compileStep(def.steps[i]!, forValidation(def.variables));
    return compiled.ok ? [] : [{ key: row.key, message: compiled.errors.map((e) => e.message).join("; ") }];
  });
}

/**
 * The data-layer regrade (no permission check), to the end in this process: creates the job and
 * runs it (used by the action core below and by scripts/tests). Throws when it does not finish.
 */
export async function regradeExerciseAttempts(client: PrismaClient, exerciseId: string, options: Options & { requestedById?: string } = {}): Promise<RegradeSummary> {
  const job = await createRegradeJob(client, exerciseId, options.requestedById ?? "script");
  const outcome = await runRegradeJob(client, job.id, job.leaseOwner ?? SERVER_ID, options);
  const finished = await client.regradeJob.findUniqueOrThrow({ where: { id: job.id } });
  if (outcome !== "done") throw new Error(`the regrade did not finish (${outcome}${finished.error ? `: ${finished.error}` : ""})`);
  return regradeSummary(client, finished);
}

/**
 * Rebuilds the attempt-derived fields of one StepProgress row from the attempts (in order):
 * counts, first correct time, first-try-correct, solved-after-solution. Attempts after the first
 * correct one are practice (issue 17 item 4): their `practice` flags are set to match, so a regrade
 * that moves the first correct attempt moves the line between counted and practice checks with it.
 * Hints, solution reveals and last activity are not derived from verdicts and are kept.
 */
export async function recomputeStepProgress(client: Db, userId: string, exerciseId: string, stepKey: string): Promise<void> {
  const all = await client.attempt.findMany({
    where: { userId, exerciseId, stepKey, verdict: { in: ["CORRECT", "INCORRECT", "CARRIED_FORWARD"] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, verdict: true, createdAt: true, practice: true },
  });
  const solvedIndex = all.findIndex((a) => a.verdict === "CORRECT");
  const attempts = solvedIndex < 0 ? all : all.slice(0, solvedIndex + 1);
  const firstCorrect = solvedIndex < 0 ? undefined : all[solvedIndex];
  const toPractice = all.slice(attempts.length).filter((a) => !a.practice).map((a) => a.id);
  const toCounted = attempts.filter((a) => a.practice).map((a) => a.id);
  if (toPractice.length) await client.attempt.updateMany({ where: { id: { in: toPractice } }, data: { practice: true } });
  if (toCounted.length) await client.attempt.updateMany({ where: { id: { in: toCounted } }, data: { practice: false } });
  const firstReveal = firstCorrect
    ? await client.solutionReveal.findFirst({ where: { userId, exerciseId, stepKey }, orderBy: { createdAt: "asc" }, select: { createdAt: true } })
    : null;
  const data = {
    attempts: attempts.length,
    incorrect: attempts.filter((a) => a.verdict === "INCORRECT").length,
    solvedAt: firstCorrect?.createdAt ?? null,
    firstTryCorrect: attempts[0]?.verdict === "CORRECT",
    solvedAfterSolution: !!firstCorrect && !!firstReveal && firstReveal.createdAt <= firstCorrect.createdAt,
    // Follow-through status is that of the latest answer, while the step is not solved.
    carriedForward: !firstCorrect && attempts.at(-1)?.verdict === "CARRIED_FORWARD",
  };
  await client.stepProgress.upsert({
    where: { userId_exerciseId_stepKey: { userId, exerciseId, stepKey } },
    create: { userId, exerciseId, stepKey, ...data, lastActivityAt: all.at(-1)?.createdAt ?? new Date() },
    update: data,
  });
}

/**
 * Every answer to the given step keys in the exercise, per student, in time order, so a regrade can
 * ask "what had this student answered to step k when they made this attempt?" without a query per
 * attempt. With `before` (a job's stamp), attempts that job already regraded count with the verdict
 * they had before it (previousVerdict), so a resumed job judges exactly as an uninterrupted one.
 */
async function earlierAnswerHistory(client: Db, exerciseId: string, stepKeys: string[], before: Date | null, userId?: string) {
  type Row = { stepKey: string; answer: string; verdict: LatestAnswer["verdict"]; at: number };
  const byUser = new Map<string, Row[]>();
  if (stepKeys.length > 0) {
    const rows = await client.attempt.findMany({
      where: { exerciseId, stepKey: { in: [...new Set(stepKeys)] }, ...(userId ? { userId } : {}) },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { userId: true, stepKey: true, answer: true, verdict: true, previousVerdict: true, regradedAt: true, createdAt: true },
    });
    for (const r of rows) {
      let list = byUser.get(r.userId);
      if (!list) byUser.set(r.userId, (list = []));
      const verdict = before && r.regradedAt?.getTime() === before.getTime() && r.previousVerdict ? r.previousVerdict : r.verdict;
      list.push({ stepKey: r.stepKey, answer: r.answer, verdict, at: r.createdAt.getTime() });
    }
  }
  return {
    /** The student's premises (lib/student-work/follow-through.ts premisesOf) as of `time`. */
    asOf(userId: string, time: Date): Record<string, string> {
      const premises = premisesOf((byUser.get(userId) ?? []).filter((r) => r.at <= time.getTime()));
      return Object.fromEntries([...premises].map(([k, v]) => [k, v.answer]));
    },
  };
}

/** Action core: only an instructor who may edit the exercise regrades it. */
export async function regradeExercise(
  client: PrismaClient,
  user: CurrentUser | null,
  input: { exerciseId: string },
  options: Options = {},
): Promise<ActionResult<{ summary: RegradeSummary }>> {
  const allowed = await mayRegrade(client, user, input);
  if (!allowed.ok) return allowed;
  const summary = await regradeExerciseAttempts(client, allowed.exerciseId, options);
  return { ok: true, summary: { ...summary, changed: await anonymiseOthers(client, allowed.user, summary.changed) } };
}

/** What the author's page shows of a job: progress while it runs, the summary when done. */
export type RegradeJobView = {
  jobId: string;
  status: "running" | "done" | "failed";
  phase: "attempts" | "progress";
  done: number;
  total: number;
  /** Times a server took the job up (2 or more: it was resumed after its server stopped). */
  runs: number;
  error: string | null;
  summary: (RegradeSummary & { changedCount: number }) | null;
};

async function viewOf(client: Db, user: CurrentUser, job: RegradeJobRow): Promise<RegradeJobView> {
  const status = job.status === "done" || job.status === "failed" ? job.status : "running";
  let summary: RegradeJobView["summary"] = null;
  if (status === "done") {
    const full = await regradeSummary(client, job);
    const changed = await anonymiseOthers(client, user, full.changed);
    summary = { ...full, changed: changed.slice(0, 500), changedCount: changed.length };
  }
  return { jobId: job.id, status, phase: job.phase === "progress" ? "progress" : "attempts", done: job.done, total: job.total, runs: job.runs, error: job.error, summary };
}

/**
 * Action core of POST /author/[exerciseId]/regrade: starts the regrade job (or finds the running
 * one). The route then runs it in the background on this server (`run` says whether this server
 * holds its lease); the page follows it with regradeJobStatus.
 */
export async function startRegrade(
  client: PrismaClient,
  user: CurrentUser | null,
  input: { exerciseId: string },
): Promise<ActionResult<{ job: RegradeJobView; run: boolean }>> {
  const allowed = await mayRegrade(client, user, input);
  if (!allowed.ok) return allowed;
  const job = await createRegradeJob(client, allowed.exerciseId, allowed.user.id, SERVER_ID);
  return { ok: true, job: await viewOf(client, allowed.user, job), run: job.leaseOwner === SERVER_ID && job.runs === 1 && job.done === 0 && job.phase === "attempts" };
}

/**
 * Action core of GET /author/[exerciseId]/regrade[?job=…]: the job (else the exercise's latest),
 * or null when it has none. A running job whose lease expired (its server stopped) is taken over
 * by this server (`run: true`: the route resumes it), so the author watching its progress is
 * enough to finish it, whichever server answers.
 */
export async function regradeJobStatus(
  client: PrismaClient,
  user: CurrentUser | null,
  input: { exerciseId: string; jobId?: string | null },
): Promise<ActionResult<{ job: RegradeJobView | null; run: boolean }>> {
  const allowed = await mayRegrade(client, user, input);
  if (!allowed.ok) return allowed;
  const where = { exerciseId: allowed.exerciseId, ...(input.jobId ? { id: input.jobId } : {}) };
  let job = await client.regradeJob.findFirst({ where, orderBy: { createdAt: "desc" } });
  if (!job) return { ok: true, job: null, run: false };
  let run = false;
  if (job.status === "running" && job.leaseExpiresAt && job.leaseExpiresAt.getTime() < Date.now()) {
    run = (await claimAbandonedRegrades(client, SERVER_ID, job.id)).length === 1;
    job = await client.regradeJob.findUniqueOrThrow({ where: { id: job.id } });
  }
  return { ok: true, job: await viewOf(client, allowed.user, job), run };
}

/**
 * Whether this user may regrade the exercise (its editors only): a core of its own so the route
 * handler can refuse with a plain HTTP error before it starts streaming progress.
 */
export async function mayRegrade(
  client: Db,
  user: CurrentUser | null,
  input: { exerciseId: string },
): Promise<ActionResult<{ user: CurrentUser; exerciseId: string }>> {
  if (!user) return unauthenticated();
  const id = exerciseIdSchema.safeParse(input.exerciseId);
  if (!id.success) return { ok: false, status: 404, formError: "No such exercise." };
  if (user.role !== "INSTRUCTOR" || !(await mayEditExercise(client, user, id.data))) return forbidden();
  return { ok: true, user, exerciseId: id.data };
}

export const ANONYMOUS_STUDENT = "A student in another instructor's course";

/**
 * Changed verdicts made in a course whose work this user may not see (policy.mayViewAttempt: the
 * owner of the attempt's course, while the student is enrolled there) keep the verdict change but
 * lose who made them: an author's published exercise can be assigned in other instructors' courses.
 */
async function anonymiseOthers(client: Db, user: CurrentUser, changed: ChangedVerdict[]): Promise<ChangedVerdict[]> {
  if (changed.length === 0) return changed;
  const owned = await client.course.findMany({ where: { ownerId: user.id }, select: { id: true } });
  const visible = new Set(
    (
      await client.enrolment.findMany({
        // The owner's rosters, filtered in memory: a list of changed students could exceed the
        // number of parameters one SQLite statement may bind.
        where: { courseId: { in: owned.map((c) => c.id) } },
        select: { userId: true, courseId: true },
      })
    ).map((e) => `${e.userId}\u0000${e.courseId}`),
  );
  return changed.map((c) =>
    // Attempts outside any course (the app records none; scripts may) belong to no other instructor.
    c.courseId === null || c.userId === user.id || visible.has(`${c.userId}\u0000${c.courseId}`)
      ? c
      : { ...c, userId: "", userName: ANONYMOUS_STUDENT, courseId: null },
  );
}
