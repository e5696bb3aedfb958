import { z } from "zod";
import type { LatePolicy } from "./late-policy";

const id = z.string().trim().min(1).max(64);

export const createCourseSchema = z.object({
  title: z.string().trim().min(1, { error: "Enter a title." }).max(120, { error: "Use at most 120 characters." }),
  description: z.string().trim().max(2000, { error: "Use at most 2000 characters." }).default(""),
});

export const courseIdSchema = z.object({ courseId: id });

export const joinCourseSchema = z.object({
  joinCode: z.string().trim().min(1, { error: "Enter a join code." }).max(32, { error: "That join code is too long." }),
});

export const removeStudentSchema = z.object({ courseId: id, studentId: id });

const localDateTime = z
  .string()
  .trim()
  .optional()
  .refine((v) => !v || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v), { error: "Enter a date and time." });
const tzOffset = z.coerce.number().int().min(-24 * 60).max(24 * 60).optional();

/** A datetime-local value and the browser's offset → an instant, or null for empty; a field error on `path` for a non-date. */
function toInstant(value: string | undefined, offset: number | undefined, ctx: z.RefinementCtx, path: string): Date | null | typeof z.NEVER {
  if (!value) return null;
  const full = value.length === 16 ? `${value}:00` : value;
  const utc = Date.parse(`${full}Z`);
  // "2030-13-45T99:99" has the right shape but is no date, and "2030-02-30T10:00" would roll over to
  // March 2: both are field errors (the parsed instant must read back as the text typed).
  if (Number.isNaN(utc) || new Date(utc).toISOString().slice(0, 19) !== full) {
    ctx.issues.push({ code: "custom", path: [path], message: "Enter a date and time.", input: value });
    return z.NEVER;
  }
  return new Date(utc + (offset ?? 0) * 60_000);
}

const percent = (what: string) =>
  z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : v),
    z.coerce.number({ error: `Enter ${what} as a number.` }).gt(0, { error: `Enter ${what} above 0 %.` }).max(100, { error: `${what[0]!.toUpperCase()}${what.slice(1)} is at most 100 %.` }).optional(),
  );

/**
 * Assigning (or re-saving) an exercise in a course: due date from an <input type="datetime-local">
 * (local time, no zone) or empty for none, the browser's time-zone offset in minutes
 * (Date#getTimezoneOffset) making it an instant; the exercise's points in this course; and its late
 * policy (lib/courses/late-policy.ts) as `lateKind` with, for "per-day", the percentage per day and
 * the maximum. Returns `latePolicy` as the policy object.
 */
export const assignExerciseSchema = z
  .object({
    courseId: id,
    exerciseId: id,
    dueAt: localDateTime,
    tzOffset,
    // Absent or empty: unchanged (a new assignment gets 10 points and no late policy).
    points: z.preprocess(
      (v) => (v === "" || v === undefined ? undefined : v),
      z.coerce.number({ error: "Enter the points as a number." }).min(0, { error: "Points can't be negative." }).max(10_000, { error: "At most 10 000 points." }).optional(),
    ),
    lateKind: z.enum(["keep", "none", "cutoff", "per-day"], { error: "Choose a late policy." }).default("keep"),
    percentPerDay: percent("the penalty per day"),
    maxPercent: percent("the maximum penalty"),
  })
  .transform(({ dueAt, tzOffset, lateKind, percentPerDay, maxPercent, ...rest }, ctx) => {
    const due = toInstant(dueAt, tzOffset, ctx, "dueAt");
    let latePolicy: LatePolicy | undefined = lateKind === "keep" ? undefined : { kind: "none" };
    if (lateKind === "cutoff") latePolicy = { kind: "cutoff" };
    if (lateKind === "per-day") {
      if (percentPerDay === undefined) ctx.issues.push({ code: "custom", path: ["percentPerDay"], message: "Enter the penalty per day late.", input: percentPerDay });
      if (maxPercent === undefined) ctx.issues.push({ code: "custom", path: ["maxPercent"], message: "Enter the maximum penalty.", input: maxPercent });
      if (percentPerDay === undefined || maxPercent === undefined) return z.NEVER;
      latePolicy = { kind: "per-day", percentPerDay, maxPercent };
    }
    return { ...rest, dueAt: due, latePolicy };
  });

/** A per-student due date for one assignment; empty `dueAt` removes the extension. */
export const extensionSchema = z
  .object({ courseId: id, exerciseId: id, studentId: id, dueAt: localDateTime, tzOffset })
  .transform(({ dueAt, tzOffset, ...rest }, ctx) => ({ ...rest, dueAt: toInstant(dueAt, tzOffset, ctx, "dueAt") }));

export const unassignExerciseSchema = z.object({ courseId: id, exerciseId: id });
