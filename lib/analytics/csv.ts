/**
 * CSV exports of a course: the gradebook (one row per student) and raw attempts (one row per
 * attempt). csv-stringify does the quoting; cells that a spreadsheet would run as a formula are
 * neutralised. `(user, input, client)` cores so the route handlers stay thin and the permission
 * matrix can call them.
 */
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { Db } from "@/lib/platform/db-client";
import { isCourseOwner } from "@/lib/auth/policy";
import type { CurrentUser } from "@/lib/auth/types";
import { forbidden, unauthenticated, type ActionResult } from "@/lib/platform/action-result";
import { getCourseGradebook, type GradebookCell, type GradebookExercise } from "@/lib/analytics/gradebook";
import { listCourseAttempts } from "@/lib/analytics/course-attempts";

/** OWASP "CSV injection": a leading = + - @ tab or CR makes spreadsheets evaluate the cell. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string | number | boolean | null | undefined): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? "yes" : "no";
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function toCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  return stringify([header.map(neutraliseCell), ...rows.map((r) => r.map(neutraliseCell))], {
    record_delimiter: "\r\n",
    // csv-stringify quotes fields containing the record delimiter; a lone \n must be quoted too.
    quoted_match: /[\r\n]/,
  });
}

const iso = (d: Date | null) => (d === null ? "" : d.toISOString());
const courseInput = z.object({ courseId: z.string().min(1).max(64) });
const CSV_FORMATS = ["stepwise", "canvas", "moodle"] as const;
const gradebookInput = courseInput.extend({ format: z.enum(CSV_FORMATS).default("stepwise") });

type CsvResult = ActionResult<{ filename: string; csv: string }>;

async function guard(client: Db, user: CurrentUser | null, input: unknown): Promise<{ courseId: string } | Exclude<CsvResult, { ok: true }>> {
  if (!user) return unauthenticated();
  const parsed = courseInput.safeParse(input);
  if (!parsed.success || !(await isCourseOwner(client, user, parsed.data.courseId))) return forbidden();
  return { courseId: parsed.data.courseId };
}

/**
 * The gradebook as CSV, in one of three layouts (`format`), all with points after late penalties
 * (lib/courses/late-policy.ts):
 * - `stepwise` (default): every figure of the gradebook page, per exercise.
 * - `canvas`: Canvas's gradebook import layout — "Student", "ID", "SIS User ID", "SIS Login ID",
 *   "Section", one column per exercise, and a "Points Possible" second row (Canvas Guides, "How do I
 *   import grades in the Gradebook?"). Stepwise has no Canvas ids: the email goes in "SIS Login ID",
 *   which Canvas matches when logins are emails; columns without an id create new assignments.
 * - `moodle`: Moodle's "Import grades: CSV file" layout — an "Email address" column to map to the
 *   user's email, then one numeric column per grade item (mapped on import).
 */
export async function gradebookCsv(client: Db, user: CurrentUser | null, input: unknown): Promise<CsvResult> {
  const g = await guard(client, user, input);
  if ("ok" in g) return g;
  const format = gradebookInput.safeParse(input);
  // A misspelt layout is a clear 400, not a silent download in another layout.
  if (!format.success) {
    const asked = String((input as { format?: unknown }).format).slice(0, 40);
    return { ok: false, status: 400, formError: `Unknown CSV format "${asked}": use ${CSV_FORMATS.join(", ")} (or leave it out for stepwise).` };
  }
  const layout = format.data.format;
  const gradebook = await getCourseGradebook(client, g.courseId);
  if (!gradebook) return forbidden();
  const base = `gradebook-${slugify(gradebook.course.title)}`;
  const possible = (e: GradebookExercise) => e.points ?? e.stepKeys.length;
  if (layout === "canvas") {
    const header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ...gradebook.exercises.map((e) => e.title)];
    const pointsRow = ["Points Possible", "", "", "", "", ...gradebook.exercises.map(possible)];
    const rows = gradebook.rows.map((r) => [r.student.name, "", "", r.student.email, "", ...r.cells.map((c) => c.points)]);
    return { ok: true, filename: `${base}-canvas.csv`, csv: toCsv(header, [pointsRow, ...rows]) };
  }
  if (layout === "moodle") {
    const header = ["Email address", "Full name", ...gradebook.exercises.map((e) => e.title), "Total"];
    const rows = gradebook.rows.map((r) => [r.student.email, r.student.name, ...r.cells.map((c) => c.points), r.points]);
    return { ok: true, filename: `${base}-moodle.csv`, csv: toCsv(header, rows) };
  }
  const header = ["Student", "Email", "Points", "Points possible", "Steps solved", "Steps total", "Attempts", "Last activity"];
  for (const e of gradebook.exercises) {
    header.push(
      `${e.slug}: points`,
      `${e.slug}: points possible`,
      `${e.slug}: late penalty`,
      `${e.slug}: due (extension)`,
      `${e.slug}: solved`,
      `${e.slug}: carried forward`,
      `${e.slug}: score`,
      `${e.slug}: steps`,
      `${e.slug}: solutions revealed`,
      `${e.slug}: solved after solution`,
      `${e.slug}: solved late`,
      `${e.slug}: attempts`,
      `${e.slug}: last activity`,
    );
  }
  const rows = gradebook.rows.map((r) => [
    r.student.name,
    r.student.email,
    r.points,
    r.pointsPossible,
    r.stepsSolved,
    r.stepCount,
    r.attempts,
    iso(r.lastActivityAt),
    ...r.cells.flatMap((c: GradebookCell) => [
      c.points,
      c.pointsPossible,
      c.latePenalty,
      iso(c.extendedTo),
      c.stepsSolved,
      c.stepsCarriedForward,
      c.score,
      c.stepCount,
      c.solutionsRevealed,
      c.solvedAfterSolution,
      c.lateSteps,
      c.attempts,
      iso(c.lastActivityAt),
    ]),
  ]);
  return { ok: true, filename: `${base}.csv`, csv: toCsv(header, rows) };
}

export async function attemptsCsv(client: Db, user: CurrentUser | null, input: unknown): Promise<CsvResult> {
  const g = await guard(client, user, input);
  if ("ok" in g) return g;
  const course = await client.course.findUnique({ where: { id: g.courseId }, select: { title: true } });
  // Like the drill-down (policy.mayViewAttempt): only students still enrolled in the course.
  const [all, enrolments] = await Promise.all([
    listCourseAttempts(client, g.courseId),
    client.enrolment.findMany({ where: { courseId: g.courseId }, select: { userId: true } }),
  ]);
  const enrolled = new Set(enrolments.map((e) => e.userId));
  const attempts = all.filter((a) => enrolled.has(a.userId));
  const header = ["Time", "Student", "Email", "Exercise", "Step", "Answer", "Read as", "Verdict", "Diagnosis", "Feedback", "Practice"];
  const rows = attempts.map((a) => [iso(a.createdAt), a.studentName, a.studentEmail, a.exerciseSlug, a.stepKey, a.answer, a.parsed, a.verdict, a.diagnosis, a.feedback, a.practice]);
  return { ok: true, filename: `attempts-${slugify(course?.title ?? "course")}.csv`, csv: toCsv(header, rows) };
}

function slugify(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "course";
}

/** Route handlers: a CSV core's success as a download (runRoute answers failures). */
export function csvResponse(result: { filename: string; csv: string }): Response {
  return new Response(result.csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${result.filename}"`,
      "cache-control": "private, no-store",
    },
  });
}
