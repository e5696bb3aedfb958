import type { Db } from "@/lib/platform/db-client";
import type { PrismaClient, Prisma } from "@/generated/prisma/client";
import { BURST_TRANSACTION_OPTIONS, fastSql, newId } from "@/lib/platform/fast-sql";

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

function isRootClient(client: Db): client is PrismaClient {
  return typeof (client as Partial<PrismaClient>).$transaction === "function";
}

/** Runs `fn` in a transaction, or directly when `client` already is one. */
export async function inTransaction<T>(client: Db, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if (isRootClient(client)) return client.$transaction(fn, BURST_TRANSACTION_OPTIONS);
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
  // Every stored check runs this: prepared statements, not Prisma's query compiler (docs/decisions/012).
  const sql = await fastSql(client);
  return sql.transaction(async (tx) => {
    const key = [input.userId, input.exerciseId, input.stepKey];
    const existed = (await tx.get(`SELECT "id" FROM "StepProgress" WHERE "userId" = ? AND "exerciseId" = ? AND "stepKey" = ?`, key)) !== undefined;
    // Lock the student's row for this step (creating it if missing) BEFORE deciding anything from
    // it: on PostgreSQL the upsert holds the row lock until commit, so two checks of one step at
    // once are decided one after the other — practice or not, first try or not — instead of both
    // reading "unsolved" (SQLite serialises write transactions anyway, issue 18).
    const before = (await tx.get<StepProgressSummary & { id: string }>(
      `INSERT INTO "StepProgress" ("id", "userId", "exerciseId", "stepKey", "lastActivityAt") VALUES (?, ?, ?, ?, ?)
       ON CONFLICT ("userId", "exerciseId", "stepKey") DO UPDATE SET "lastActivityAt" = excluded."lastActivityAt"
       RETURNING ${PROGRESS_COLUMNS}`,
      [newId(), ...key, new Date()],
    ))!;
    // Timed after the lock: checks of one step are then stored in the order they were decided in.
    const now = new Date();
    const attemptId = newId();
    const practice = before.solvedAt !== null;
    await tx.run(
      `INSERT INTO "Attempt" ("id", "userId", "exerciseId", "courseId", "stepId", "stepKey", "answer", "parsed", "verdict", "feedback", "diagnosis", "mistakeId", "seed", "practice", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [attemptId, input.userId, input.exerciseId, input.courseId, input.stepId, input.stepKey, input.answer, input.parsed, input.verdict, input.feedback, input.diagnosis, input.mistakeId, input.seed, practice, now],
    );
    if (practice) return { attemptId, practice: true, progress: summaryOf(before) };
    const correct = input.verdict === "CORRECT";
    // Only a wrong answer counts toward "incorrect" (and so toward opening the worked solution): a
    // carried-forward answer is the right method on wrong premises.
    const wrong = input.verdict === "INCORRECT";
    // First try: the row is new with this check (a row made earlier, e.g. by a hint, keeps false).
    const firstTry = !existed && before.attempts === 0;
    // Counters are incremented in SQL (not read-modify-write), so concurrent Checks never lose a
    // count. The first correct attempt solves the step; later ones are practice (above).
    const progress = (await tx.get<StepProgressSummary>(
      `UPDATE "StepProgress" SET
         "attempts" = "attempts" + 1,
         "incorrect" = "incorrect" + ?,
         "carriedForward" = ?,
         "lastActivityAt" = ?
         ${firstTry ? `, "firstTryCorrect" = ?` : ""}
         ${correct ? `, "solvedAt" = ?, "solvedAfterSolution" = ?` : ""}
       WHERE "id" = ?
       RETURNING ${PROGRESS_COLUMNS}`,
      [wrong ? 1 : 0, input.verdict === "CARRIED_FORWARD", now, ...(firstTry ? [correct] : []), ...(correct ? [now, before.solutionRevealed] : []), before.id],
    ))!;
    return { attemptId, practice: false, progress: summaryOf(progress) };
  });
}

/** StepProgressSummary's columns, and the row id. */
const PROGRESS_COLUMNS = `"id", "attempts", "incorrect", "solvedAt", "firstTryCorrect", "solutionRevealed", "solvedAfterSolution", "carriedForward", "hintsUsed"`;

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

export type LastCheck = { answer: string; verdict: string; feedback: string; practice: boolean };

/**
 * The student's checks of an exercise, read once for the page after a reload (every load: one
 * prepared statement, docs/decisions/012):
 * - `last`: per step key, the latest checked answer with its verdict and feedback;
 * - `accepted`: per step key, the most recent correct answer, to show the solved steps and the
 *   completed derivation back to them.
 */
export async function checkHistory(client: Db, userId: string, exerciseId: string): Promise<{ last: Map<string, LastCheck>; accepted: Map<string, string> }> {
  const rows = await (await fastSql(client)).all<LastCheck & { stepKey: string }>(
    `SELECT "stepKey", "answer", "verdict", "feedback", "practice" FROM "Attempt" WHERE "userId" = ? AND "exerciseId" = ? ORDER BY "createdAt" ASC, "id" ASC`,
    [userId, exerciseId],
  );
  const last = new Map<string, LastCheck>();
  const accepted = new Map<string, string>();
  for (const row of rows) {
    last.set(row.stepKey, row);
    if (row.verdict === "CORRECT") accepted.set(row.stepKey, row.answer);
  }
  return { last, accepted };
}
