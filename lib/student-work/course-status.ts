import type { Db } from "@/lib/platform/db-client";

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
  const [incorrect, reveals] = await Promise.all([
    client.attempt.groupBy({ by: ["stepKey"], where: { userId, exerciseId, courseId, verdict: "INCORRECT" }, _count: { _all: true } }),
    client.solutionReveal.findMany({ where: { userId, exerciseId, courseId }, select: { stepKey: true } }),
  ]);
  for (const row of incorrect) result.set(row.stepKey, { incorrect: row._count._all, solutionRevealed: false });
  for (const r of reveals) result.set(r.stepKey, { ...(result.get(r.stepKey) ?? EMPTY), solutionRevealed: true });
  return result;
}

/** The same for one step (the check and reveal paths): two indexed lookups. */
export async function courseStepStatusOf(client: Db, userId: string, exerciseId: string, courseId: string | null, stepKey: string): Promise<CourseStepStatus> {
  if (courseId === null) return EMPTY;
  const incorrect = await client.attempt.count({ where: { userId, exerciseId, courseId, stepKey, verdict: "INCORRECT" } });
  const reveal = await client.solutionReveal.findUnique({ where: { userId_exerciseId_stepKey_courseId: { userId, exerciseId, stepKey, courseId } }, select: { id: true } });
  return { incorrect, solutionRevealed: reveal !== null };
}

export function courseStepStatus(statuses: Map<string, CourseStepStatus>, stepKey: string): CourseStepStatus {
  return statuses.get(stepKey) ?? EMPTY;
}
