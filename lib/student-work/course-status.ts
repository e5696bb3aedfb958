import type { Db } from "@/lib/platform/db-client";
import { fastSql } from "@/lib/platform/fast-sql";

/**
 * What a student's work in ONE course says about a step's solution (issue #13 item 2): the
 * incorrect attempts filed under that course and the reveals made in it. StepProgress stays a
 * summary per student and exercise (shown on the page and in gradebooks); the solution decision
 * reads these instead, so attempts and reveals in another course cannot open it here.
 */
export type CourseStepStatus = { incorrect: number; solutionRevealed: boolean };

const EMPTY: CourseStepStatus = { incorrect: 0, solutionRevealed: false };

/** Step key → the course's own incorrect attempts and reveals, for one student and exercise. */
export async function courseStepStatuses(client: Db, userId: string, exerciseId: string, courseId: string | null): Promise<Map<string, CourseStepStatus>> {
  const result = new Map<string, CourseStepStatus>();
  // No course: no course-bound work (editors' view, previews); nothing is filed without a course.
  if (courseId === null) return result;
  const sql = await fastSql(client);
  const where = [userId, exerciseId, courseId];
  const incorrect = await sql.all<{ stepKey: string; n: number | bigint }>(
    `SELECT "stepKey", COUNT(*) AS "n" FROM "Attempt" WHERE "userId" = ? AND "exerciseId" = ? AND "courseId" = ? AND "verdict" = 'INCORRECT' GROUP BY "stepKey"`,
    where,
  );
  const reveals = await sql.all<{ stepKey: string }>(`SELECT "stepKey" FROM "SolutionReveal" WHERE "userId" = ? AND "exerciseId" = ? AND "courseId" = ?`, where);
  for (const row of incorrect) result.set(row.stepKey, { incorrect: Number(row.n), solutionRevealed: false });
  for (const r of reveals) result.set(r.stepKey, { ...(result.get(r.stepKey) ?? EMPTY), solutionRevealed: true });
  return result;
}

/** The same for one step (the check and reveal paths, hot): two indexed lookups, prepared statements (docs/decisions/012). */
export async function courseStepStatusOf(client: Db, userId: string, exerciseId: string, courseId: string | null, stepKey: string): Promise<CourseStepStatus> {
  if (courseId === null) return EMPTY;
  const sql = await fastSql(client);
  const where = [userId, exerciseId, courseId, stepKey];
  const counted = await sql.get<{ n: number | bigint }>(
    `SELECT COUNT(*) AS "n" FROM "Attempt" WHERE "userId" = ? AND "exerciseId" = ? AND "courseId" = ? AND "stepKey" = ? AND "verdict" = 'INCORRECT'`,
    where,
  );
  const reveal = await sql.get(`SELECT "id" FROM "SolutionReveal" WHERE "userId" = ? AND "exerciseId" = ? AND "courseId" = ? AND "stepKey" = ?`, where);
  return { incorrect: Number(counted?.n ?? 0), solutionRevealed: reveal !== undefined };
}

export function courseStepStatus(statuses: Map<string, CourseStepStatus>, stepKey: string): CourseStepStatus {
  return statuses.get(stepKey) ?? EMPTY;
}
