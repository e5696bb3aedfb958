import { z } from "zod";

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

/** Due date from an <input type="datetime-local"> (local time, no zone) or empty for none;
 * the browser's time-zone offset in minutes (Date#getTimezoneOffset) makes it an instant. */
export const assignExerciseSchema = z
  .object({
    courseId: id,
    exerciseId: id,
    dueAt: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v), { error: "Enter a date and time." }),
    tzOffset: z.coerce.number().int().min(-24 * 60).max(24 * 60).optional(),
  })
  .transform(({ dueAt, tzOffset, ...rest }, ctx) => {
    if (!dueAt) return { ...rest, dueAt: null };
    const utc = Date.parse(`${dueAt.length === 16 ? `${dueAt}:00` : dueAt}Z`);
    // "2030-13-45T99:99" has the right shape but is no date: a field error, not an Invalid Date for the database.
    if (Number.isNaN(utc)) {
      ctx.issues.push({ code: "custom", path: ["dueAt"], message: "Enter a date and time.", input: dueAt });
      return z.NEVER;
    }
    return { ...rest, dueAt: new Date(utc + (tzOffset ?? 0) * 60_000) };
  });

export const unassignExerciseSchema = z.object({ courseId: id, exerciseId: id });
