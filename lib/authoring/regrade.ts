/**
 * Bulk regrade: every attempt of an exercise is graded again under the CURRENT version.
 * Old attempts are matched to the new steps by Step.key; the stored answer text is graded
 * again; previousVerdict/regradedAt record what changed; each regraded attempt then points at
 * the new step (it has now been graded under that version). StepProgress is recomputed for the
 * affected students so their progress follows.
 *
 * Works in chunks (one short transaction each) so a big course never holds SQLite's single
 * writer for long, and reports progress after each chunk.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { Db } from "@/lib/platform/db-client";
import { findExerciseBySlug, toDefinition } from "@/lib/exercises/queries";
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

/** The data-layer regrade (no permission check): used by the action core below and by scripts/tests. */
export async function regradeExerciseAttempts(client: PrismaClient, exerciseId: string, options: Options = {}): Promise<RegradeSummary> {
  const chunkSize = Math.max(1, options.chunkSize ?? REGRADE_CHUNK_SIZE);
  const exercise = await client.exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { slug: true } });
  const stored = await findExerciseBySlug(client, exercise.slug);
  if (!stored?.currentVersion) throw new Error("the exercise has no current version");
  const def = toDefinition(stored.slug, stored.published, stored.currentVersion);

  const steps = new Map<string, { id: string; compiled: GradableStep; mistakeIds: string[]; follows?: string; index: number }>();
  const skippedSteps: RegradeSummary["skippedSteps"] = [];
  stored.currentVersion.steps.forEach((row, i) => {
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
  // student's answers to those steps as they stood when the attempt was made.
  const history = await earlierAnswerHistory(client, exerciseId, [...steps.values()].flatMap((s) => (s.follows ? followsReferences(s.follows) : [])));

  const total = await client.attempt.count({ where: { exerciseId } });
  const summary: RegradeSummary = {
    version: stored.currentVersion.version,
    total,
    regraded: 0,
    unchanged: 0,
    unmatched: 0,
    changed: [],
    skippedSteps,
    studentsAffected: 0,
  };
  const affected = new Map<string, { userId: string; stepKey: string }>();
  const names = new Map<string, string>();
  let done = 0;
  let cursor: string | undefined;
  await options.onProgress?.({ phase: "attempts", done, total });

  for (;;) {
    const chunk = await client.attempt.findMany({
      where: { exerciseId },
      orderBy: { id: "asc" },
      take: chunkSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, userId: true, courseId: true, stepKey: true, answer: true, verdict: true, createdAt: true, user: { select: { name: true } } },
    });
    if (chunk.length === 0) break;
    cursor = chunk[chunk.length - 1]!.id;
    const now = new Date();
    await client.$transaction(
      async (tx) => {
        for (const attempt of chunk) {
          names.set(attempt.userId, attempt.user.name);
          const step = steps.get(attempt.stepKey);
          if (!step) {
            summary.unmatched++;
            continue;
          }
          const compiled = compiledFor(attempt.userId, attempt.stepKey);
          let r: ReturnType<GradableStep["grade"]> | ReturnType<typeof gradeWithFollowThrough> = compiled.grade(attempt.answer);
          if (step.follows && r.verdict === "incorrect" && r.diagnosis !== "known-mistake") {
            const key = def.steps[step.index]!;
            const earlier = history.asOf(attempt.userId, attempt.createdAt);
            r = gradeWithFollowThrough(attempt.answer, key, variablesFor(attempt.userId), earlier, { describe: describeSteps(def.steps) });
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
            feedback = `Regraded under version ${summary.version}: ${verdictText(r)}`;
            diagnosis = "invalid-after-regrade";
          }
          await tx.attempt.update({
            where: { id: attempt.id },
            data: { stepId: step.id, verdict, feedback, diagnosis, mistakeId, parsed, seed, previousVerdict: attempt.verdict, regradedAt: now },
          });
          summary.regraded++;
          affected.set(`${attempt.userId}\u0000${attempt.stepKey}`, { userId: attempt.userId, stepKey: attempt.stepKey });
          if (verdict !== attempt.verdict) {
            summary.changed.push({ attemptId: attempt.id, userId: attempt.userId, userName: attempt.user.name, courseId: attempt.courseId, stepKey: attempt.stepKey, answer: attempt.answer, from: attempt.verdict, to: verdict, feedback });
          } else summary.unchanged++;
        }
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
    done += chunk.length;
    await options.onProgress?.({ phase: "attempts", done, total });
  }

  const pairs = [...affected.values()];
  summary.studentsAffected = new Set(pairs.map((p) => p.userId)).size;
  for (let i = 0; i < pairs.length; i += chunkSize) {
    const slice = pairs.slice(i, i + chunkSize);
    await client.$transaction(async (tx) => {
      for (const p of slice) {
        await recomputeStepProgress(tx, p.userId, exerciseId, p.stepKey);
        // The status is the live one, as on the student's page: an attempt carried forward then
        // stays so in history, but the step is carried forward now only if its latest answer still
        // follows from the student's CURRENT premises (a regrade must not restore credit that a
        // fixed premise took away).
        const step = steps.get(p.stepKey);
        if (step?.follows) await dropStaleCarriedForward(tx, p.userId, p.stepKey, step.index);
      }
    }, { timeout: 60_000, maxWait: 30_000 });
    await options.onProgress?.({ phase: "progress", done: Math.min(i + chunkSize, pairs.length), total: pairs.length });
  }
  return summary;

  async function dropStaleCarriedForward(tx: Db, userId: string, stepKey: string, index: number): Promise<void> {
    const row = await tx.stepProgress.findUnique({ where: { userId_exerciseId_stepKey: { userId, exerciseId, stepKey } } });
    if (!row?.carriedForward) return;
    const latest = await tx.attempt.findFirst({ where: { userId, exerciseId, stepKey }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { answer: true } });
    const now = history.asOf(userId, new Date(8.64e15));
    const r = latest ? gradeWithFollowThrough(latest.answer, def.steps[index]!, variablesFor(userId), now) : null;
    if (r?.verdict !== "carried-forward") await tx.stepProgress.update({ where: { id: row.id }, data: { carriedForward: false } });
  }
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
 * attempt.
 */
async function earlierAnswerHistory(client: Db, exerciseId: string, stepKeys: string[]) {
  type Row = { stepKey: string; answer: string; verdict: LatestAnswer["verdict"]; at: number };
  const byUser = new Map<string, Row[]>();
  if (stepKeys.length > 0) {
    const rows = await client.attempt.findMany({
      where: { exerciseId, stepKey: { in: [...new Set(stepKeys)] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { userId: true, stepKey: true, answer: true, verdict: true, createdAt: true },
    });
    for (const r of rows) {
      let list = byUser.get(r.userId);
      if (!list) byUser.set(r.userId, (list = []));
      list.push({ stepKey: r.stepKey, answer: r.answer, verdict: r.verdict, at: r.createdAt.getTime() });
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
