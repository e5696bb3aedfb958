import type { Db } from "@/lib/platform/db-client";
import type { PrismaClient, Prisma } from "@/generated/prisma/client";

/**
 * Graded attempts. Only CORRECT and INCORRECT answers are stored: invalid input costs nothing
 * and never reaches this file (the Verdict enum has INVALID for question tests only).
 */
export type GradedAttemptInput = {
  userId: string;
  exerciseId: string;
  courseId: string | null;
  stepId: string;
  stepKey: string;
  answer: string;
  /** Canonical form of the parsed answer (printCanonical), for regrading and clustering. */
  parsed: string;
  /** CARRIED_FORWARD: done correctly from the student's own wrong earlier answers (follow-through). */
  verdict: "CORRECT" | "INCORRECT" | "CARRIED_FORWARD";
  feedback: string;
  diagnosis: string | null;
  mistakeId: string | null;
  seed: number;
};

export type StepProgressSummary = {
  attempts: number;
  incorrect: number;
  solvedAt: Date | null;
  firstTryCorrect: boolean;
  solutionRevealed: boolean;
  /** Solved only after the worked solution was revealed. */
  solvedAfterSolution: boolean;
  carriedForward: boolean;
  hintsUsed: number;
};

/**
 * Many students submit at once and SQLite has one writer: interactive transactions queue on
 * the adapter's connection. Prisma's defaults (wait 2 s to start, 5 s to finish) are too short
 * for a burst of a few hundred Checks on 2 cores, so wait longer instead of failing the Check.
 */
export const ATTEMPT_TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

function isRootClient(client: Db): client is PrismaClient {
  return typeof (client as Partial<PrismaClient>).$transaction === "function";
}

/** Runs `fn` in a transaction, or directly when `client` already is one. */
export async function inTransaction<T>(client: Db, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if (isRootClient(client)) return client.$transaction(fn, ATTEMPT_TRANSACTION_OPTIONS);
  return fn(client);
}

/**
 * Stores one graded attempt and updates the student's StepProgress summary in ONE transaction,
 * so the attempt count shown to the student, the progress page and the gradebook always agree.
 *
 * A check of a step the student has already solved is **practice** (issue 17 item 4): stored with
 * `practice = true` (the student sees its verdict; analytics may show it on request) but it changes
 * no count, so re-checking a solved step never costs or inflates anything. The first correct
 * attempt after the step's worked solution was revealed marks the step `solvedAfterSolution`.
 * Returns the attempt's id, whether it was practice, and the step's summary after it.
 */
export async function recordGradedAttempt(
  client: Db,
  input: GradedAttemptInput,
): Promise<{ attemptId: string; practice: boolean; progress: StepProgressSummary }> {
  return inTransaction(client, async (tx) => {
    const where = { userId_exerciseId_stepKey: { userId: input.userId, exerciseId: input.exerciseId, stepKey: input.stepKey } };
    const existed = (await tx.stepProgress.findUnique({ where, select: { id: true } })) !== null;
    // Lock the student's row for this step (creating it if missing) BEFORE deciding anything from
    // it: on PostgreSQL the upsert holds the row lock until commit, so two checks of one step at
    // once are decided one after the other — practice or not, first try or not — instead of both
    // reading "unsolved" (SQLite serialises write transactions anyway, issue 18).
    const before = await tx.stepProgress.upsert({
      where,
      create: { userId: input.userId, exerciseId: input.exerciseId, stepKey: input.stepKey, lastActivityAt: new Date() },
      update: { lastActivityAt: new Date() },
    });
    // Timed after the lock: checks of one step are then stored in the order they were decided in.
    const now = new Date();
    if (before.solvedAt) {
      const attempt = await tx.attempt.create({ data: { ...input, practice: true, createdAt: now }, select: { id: true } });
      return { attemptId: attempt.id, practice: true, progress: summaryOf(before) };
    }
    const attempt = await tx.attempt.create({ data: { ...input, createdAt: now }, select: { id: true } });
    const correct = input.verdict === "CORRECT";
    // Only a wrong answer counts toward "incorrect" (and so toward opening the worked solution): a
    // carried-forward answer is the right method on wrong premises.
    const wrong = input.verdict === "INCORRECT";
    const carriedForward = input.verdict === "CARRIED_FORWARD";
    // Counters are incremented in SQL (not read-modify-write), so concurrent Checks never lose a count.
    const progress = await tx.stepProgress.update({
      where,
      data: {
        attempts: { increment: 1 },
        incorrect: { increment: wrong ? 1 : 0 },
        carriedForward,
        lastActivityAt: now,
        // First try: the row is new with this check (a row made earlier, e.g. by a hint, keeps false).
        ...(!existed && before.attempts === 0 ? { firstTryCorrect: correct } : {}),
        // The first correct attempt solves the step; later ones are practice (above).
        ...(correct ? { solvedAt: now, solvedAfterSolution: before.solutionRevealed } : {}),
      },
    });
    return { attemptId: attempt.id, practice: false, progress: summaryOf(progress) };
  });
}

function summaryOf(progress: StepProgressSummary): StepProgressSummary {
  return {
    attempts: progress.attempts,
    incorrect: progress.incorrect,
    solvedAt: progress.solvedAt,
    firstTryCorrect: progress.firstTryCorrect,
    solutionRevealed: progress.solutionRevealed,
    solvedAfterSolution: progress.solvedAfterSolution,
    carriedForward: progress.carriedForward,
    hintsUsed: progress.hintsUsed,
  };
}

/** Number of graded attempts of one student on one step key of an exercise (all versions). */
export async function countAttempts(client: Db, userId: string, exerciseId: string, stepKey: string): Promise<number> {
  return client.attempt.count({ where: { userId, exerciseId, stepKey } });
}

/** The student's latest checked answer per step key, with its verdict and feedback (for the page after a reload). */
export async function lastChecks(client: Db, userId: string, exerciseId: string): Promise<Map<string, { answer: string; verdict: string; feedback: string; practice: boolean }>> {
  const rows = await client.attempt.findMany({
    where: { userId, exerciseId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { stepKey: true, answer: true, verdict: true, feedback: true, practice: true },
  });
  const byKey = new Map<string, { answer: string; verdict: string; feedback: string; practice: boolean }>();
  for (const row of rows) byKey.set(row.stepKey, row);
  return byKey;
}

/**
 * The student's accepted answer per step key (their most recent correct attempt), to show the
 * solved steps and the completed derivation back to them.
 */
export async function latestCorrectAnswers(client: Db, userId: string, exerciseId: string): Promise<Map<string, string>> {
  const rows = await client.attempt.findMany({
    where: { userId, exerciseId, verdict: "CORRECT" },
    orderBy: { createdAt: "asc" },
    select: { stepKey: true, answer: true },
  });
  const byKey = new Map<string, string>();
  for (const row of rows) byKey.set(row.stepKey, row.answer);
  return byKey;
}
