/**
 * Late policies and points of an assignment (issue 17 item 8). Pure: no database, no clock.
 *
 * A step's credit is 1 when solved, the exercise's follow-through credit when carried forward
 * (docs/decisions/010), 0 otherwise; the exercise's score is `points × Σ weight·credit·lateFactor /
 * Σ weight`. The late factor follows the assignment's policy, measured against the student's own
 * due date (their extension, else the assignment's):
 * - `none`: late work earns full credit (it is still marked late in the gradebook);
 * - `cutoff`: work after the due date earns nothing (Canvas's "closed" assignment, Moodle's "cut-off date");
 * - `per-day`: each started day late deducts `percentPerDay` % of the credit, at most `maxPercent` %
 *   (Canvas's "late submission deduction" per day with a lowest possible grade; a day is 24 hours,
 *   1 minute late counts as 1 day, as in Canvas).
 */
import { z } from "zod";

export const latePolicySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("cutoff") }),
  z.object({
    kind: z.literal("per-day"),
    percentPerDay: z.number().gt(0, { error: "Enter a penalty above 0 %." }).max(100, { error: "At most 100 % per day." }),
    maxPercent: z.number().gt(0, { error: "Enter a maximum above 0 %." }).max(100, { error: "At most 100 %." }),
  }),
]);
export type LatePolicy = z.infer<typeof latePolicySchema>;

export const NO_LATE_POLICY: LatePolicy = { kind: "none" };

const DAY_MS = 24 * 3600 * 1000;

/** Reads the stored JSON (Assignment.latePolicy); null, unreadable or unknown policies mean `none`. */
export function parseLatePolicy(stored: string | null | undefined): LatePolicy {
  if (!stored) return NO_LATE_POLICY;
  try {
    const parsed = latePolicySchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : NO_LATE_POLICY;
  } catch {
    return NO_LATE_POLICY;
  }
}

/** Started days between the due date and `at` (0 when on time or without a due date). */
export function daysLate(dueAt: Date | null, at: Date): number {
  if (dueAt === null || at.getTime() <= dueAt.getTime()) return 0;
  return Math.ceil((at.getTime() - dueAt.getTime()) / DAY_MS);
}

/** The share (0–1) of a step's credit kept when it was done at `at`, under the policy. */
export function lateFactor(policy: LatePolicy, dueAt: Date | null, at: Date): number {
  const days = daysLate(dueAt, at);
  if (days === 0) return 1;
  switch (policy.kind) {
    case "none":
      return 1;
    case "cutoff":
      return 0;
    case "per-day":
      return 1 - Math.min(policy.maxPercent, policy.percentPerDay * days) / 100;
  }
}

/** The due date that applies to one student: their extension, else the assignment's. */
export function effectiveDueAt(assignmentDueAt: Date | null, extensionDueAt: Date | null | undefined): Date | null {
  return extensionDueAt ?? assignmentDueAt;
}

/** Words for a policy, as the instructor set it ("−10 % per day late, at most −50 %"). */
export function describeLatePolicy(policy: LatePolicy): string {
  switch (policy.kind) {
    case "none":
      return "Late work counts in full";
    case "cutoff":
      return "Nothing after the due date";
    case "per-day":
      return `−${policy.percentPerDay} % per day late, at most −${policy.maxPercent} %`;
  }
}

/** Rounds points for display and export: two decimals, no trailing zeros. */
export function roundPoints(points: number): number {
  return Math.round(points * 100) / 100;
}
