/**
 * Import / export of exercises as JSON in the versioned file format of lib/exercises/definition.ts
 * (documented in docs/exercise-format.md). Used by the CLI (scripts/exercises.ts) and the
 * authoring UI.
 *
 * Export is deterministic (fixed key order, 2-space indent, trailing newline), so
 * export → import → export is byte-identical and files diff well under version control.
 * Import validates the whole file first (zod shape, grading engine, duplicate slugs) and only
 * then writes everything in one transaction: a bad file changes nothing.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { Db } from "@/lib/platform/db-client";
import { createExercise, findExerciseBySlug, toDefinition } from "@/lib/exercises/queries";
import {
  EXERCISE_FILE_FORMAT,
  EXERCISE_FILE_VERSION,
  exerciseFileSchema,
  type Exercise,
  type ExerciseFile,
} from "@/lib/exercises/definition";
import { checkExercise, jsonPath, zodIssues, type PathIssue } from "@/lib/authoring/validation";

// ---------------------------------------------------------------- export

type VariableOut = Exercise["variables"][number];

/**
 * One variable with keys in the documented order: name, the kind's field(s), then the matrix fields
 * (shape, latex; issue 15) and description, each only when present.
 */
function canonicalVariable(v: VariableOut): VariableOut {
  const tail = {
    ...("shape" in v && v.shape !== undefined ? { shape: [v.shape[0], v.shape[1]] as [string | number, string | number] } : {}),
    ...("latex" in v && v.latex !== undefined ? { latex: v.latex } : {}),
    ...(v.description !== undefined ? { description: v.description } : {}),
  };
  if ("range" in v) return { name: v.name, range: [v.range[0], v.range[1]], ...tail };
  if ("parameter" in v) return { name: v.name, parameter: [...v.parameter], ...tail };
  if ("values" in v) return { name: v.name, values: [...v.values], ...tail };
  if ("integer" in v) return { name: v.name, integer: [v.integer[0], v.integer[1]], ...tail };
  if ("onehot" in v) return { name: v.name, onehot: true, shape: [v.shape[0], v.shape[1]], ...tail };
  return { name: v.name, definition: v.definition, ...tail };
}

/** Rebuilds an exercise with keys in the documented order (the order of the schema). */
export function canonicalExercise(e: Exercise): Exercise {
  return {
    slug: e.slug,
    title: e.title,
    published: e.published,
    statement: e.statement,
    variables: e.variables.map(canonicalVariable),
    steps: e.steps.map((s) => ({
      key: s.key,
      title: s.title,
      prompt: s.prompt,
      expected: s.expected,
      ...(s.allowedVariables !== undefined ? { allowedVariables: [...s.allowedVariables] } : {}),
      hints: [...s.hints],
      mistakes: s.mistakes.map((m) => ({ expression: m.expression, feedback: m.feedback })),
      tests: s.tests.map((t) => ({
        answer: t.answer,
        verdict: t.verdict,
        ...(t.feedbackIncludes !== undefined ? { feedbackIncludes: t.feedbackIncludes } : {}),
        ...(t.earlier !== undefined ? { earlier: { ...t.earlier } } : {}),
      })),
      solution: s.solution,
      attemptsBeforeSolution: s.attemptsBeforeSolution,
      ...(s.weight !== undefined ? { weight: s.weight } : {}),
      ...(s.form !== undefined
        ? {
            form: {
              ...(s.form.maxOperations !== undefined ? { maxOperations: s.form.maxOperations } : {}),
              ...(s.form.forbiddenFunctions !== undefined ? { forbiddenFunctions: [...s.form.forbiddenFunctions] } : {}),
              ...(s.form.message !== undefined ? { message: s.form.message } : {}),
            },
          }
        : {}),
      ...(s.follows !== undefined ? { follows: s.follows } : {}),
    })),
    ...(e.followThroughCredit !== undefined ? { followThroughCredit: e.followThroughCredit } : {}),
    ...(e.palette !== undefined ? { palette: [...e.palette] } : {}),
  };
}

export function serializeExerciseFile(exercises: readonly Exercise[]): string {
  const file: ExerciseFile = {
    format: EXERCISE_FILE_FORMAT,
    version: EXERCISE_FILE_VERSION,
    exercises: exercises.map(canonicalExercise),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export class ExportError extends Error {}

/** The current version of one exercise as a definition. */
export async function exerciseDefinitionBySlug(client: Db, slug: string): Promise<Exercise> {
  const stored = await findExerciseBySlug(client, slug);
  if (!stored || !stored.currentVersion) throw new ExportError(`no exercise with slug "${slug}"`);
  return toDefinition(stored.slug, stored.published, stored.currentVersion);
}

export async function exportExercise(client: Db, slug: string): Promise<string> {
  return serializeExerciseFile([await exerciseDefinitionBySlug(client, slug)]);
}

/** Finds a course by id, or else by exact title (which must then be unique). */
export async function findCourse(client: Db, idOrTitle: string) {
  const byId = await client.course.findUnique({ where: { id: idOrTitle } });
  if (byId) return byId;
  const byTitle = await client.course.findMany({ where: { title: idOrTitle }, take: 2 });
  if (byTitle.length > 1) throw new ExportError(`several courses are titled "${idOrTitle}": use the course id`);
  return byTitle[0] ?? null;
}

/** Every exercise assigned to a course, in assignment order. */
export async function courseExerciseSlugs(client: Db, courseId: string): Promise<string[]> {
  const assignments = await client.assignment.findMany({
    where: { courseId, exercise: { currentVersionId: { not: null } } },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { exercise: { select: { slug: true } } },
  });
  return assignments.map((a) => a.exercise.slug);
}

export async function exportCourse(client: Db, courseIdOrTitle: string): Promise<string> {
  const course = await findCourse(client, courseIdOrTitle);
  if (!course) throw new ExportError(`no course with id or title "${courseIdOrTitle}"`);
  const slugs = await courseExerciseSlugs(client, course.id);
  if (slugs.length === 0) throw new ExportError(`course "${course.title}" has no exercises assigned`);
  const defs: Exercise[] = [];
  for (const slug of slugs) defs.push(await exerciseDefinitionBySlug(client, slug));
  return serializeExerciseFile(defs);
}

// ---------------------------------------------------------------- import

export type FileCheck =
  | { ok: true; file: ExerciseFile; warnings: PathIssue[] }
  | { ok: false; errors: PathIssue[]; warnings: PathIssue[] };

/**
 * Checks a whole file without touching the database: JSON syntax, the zod schema (paths such as
 * `exercises[0].steps[1].expected`), every expression against the grading engine (errors mapped to
 * the same paths), and slugs repeated within the file.
 */
export function checkExerciseFile(text: string): FileCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ path: "(file)", message: `not valid JSON: ${(error as Error).message}`, severity: "error" }], warnings: [] };
  }
  const parsed = exerciseFileSchema.safeParse(json);
  if (!parsed.success) {
    // Report the engine's findings too for exercises whose shape is fine, so one run lists everything.
    const errors = zodIssues(parsed.error);
    const warnings: PathIssue[] = [];
    const raw = (json as { exercises?: unknown })?.exercises;
    if (Array.isArray(raw)) {
      raw.forEach((e, i) => {
        if (errors.some((x) => x.path.startsWith(`exercises[${i}]`))) return;
        const check = checkExercise(e, ["exercises", i]);
        for (const issue of check.issues) (issue.severity === "error" ? errors : warnings).push(issue);
      });
    }
    return { ok: false, errors, warnings };
  }
  const errors: PathIssue[] = [];
  const warnings: PathIssue[] = [];
  const seen = new Map<string, number>();
  parsed.data.exercises.forEach((exercise, i) => {
    const first = seen.get(exercise.slug);
    if (first !== undefined) {
      errors.push({ path: jsonPath(["exercises", i, "slug"]), message: `duplicate slug "${exercise.slug}" (also exercises[${first}])`, severity: "error" });
    } else seen.set(exercise.slug, i);
    const check = checkExercise(exercise, ["exercises", i]);
    for (const issue of check.issues) (issue.severity === "error" ? errors : warnings).push(issue);
  });
  if (errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, file: parsed.data, warnings };
}

/** The slugs of a file that failed validation, position by position (null where there is none). */
function rawSlugs(text: string): (string | null)[] {
  try {
    const exercises = (JSON.parse(text) as { exercises?: unknown }).exercises;
    if (!Array.isArray(exercises)) return [];
    return exercises.map((e) => (typeof (e as { slug?: unknown })?.slug === "string" ? (e as { slug: string }).slug : null));
  } catch {
    return [];
  }
}

export type ImportResult =
  | { ok: true; imported: { id: string; slug: string }[]; warnings: PathIssue[] }
  | { ok: false; errors: PathIssue[]; warnings: PathIssue[] };

export type ImportOptions = {
  /** Author of the imported exercises (who may edit them). */
  authorId: string | null;
  /** Optional course: the exercises get it as home course and are assigned to it, in file order. */
  courseId?: string | null;
};

/**
 * Imports a file: all of it or nothing. Every check runs before the first write; the writes run
 * in one transaction, so a failure half-way (e.g. a slug taken concurrently) rolls back too.
 */
export async function importExerciseFile(client: PrismaClient, text: string, options: ImportOptions): Promise<ImportResult> {
  const check = checkExerciseFile(text);
  // Slugs already in the database are reported together with every other problem of the file.
  const slugs = check.ok ? check.file.exercises.map((e) => e.slug) : rawSlugs(text);
  const taken = new Set(
    (await client.exercise.findMany({ where: { slug: { in: slugs.filter((s): s is string => typeof s === "string") } }, select: { slug: true } })).map((t) => t.slug),
  );
  const slugErrors: PathIssue[] = slugs.flatMap((slug, i) =>
    typeof slug === "string" && taken.has(slug)
      ? [{ path: jsonPath(["exercises", i, "slug"]), message: `an exercise with slug "${slug}" already exists`, severity: "error" as const }]
      : [],
  );
  if (!check.ok) return { ok: false, errors: [...check.errors, ...slugErrors], warnings: check.warnings };
  const { file, warnings } = check;
  if (slugErrors.length > 0) return { ok: false, errors: slugErrors, warnings };

  try {
    const imported = await client.$transaction(
      async (tx) => {
        const out: { id: string; slug: string }[] = [];
        const startPosition = options.courseId
          ? ((await tx.assignment.aggregate({ where: { courseId: options.courseId }, _max: { position: true } }))._max.position ?? -1) + 1
          : 0;
        for (const [i, def] of file.exercises.entries()) {
          const exercise = await createExercise(tx, def, { authorId: options.authorId, courseId: options.courseId ?? null });
          if (options.courseId) {
            await tx.assignment.create({ data: { courseId: options.courseId, exerciseId: exercise.id, position: startPosition + i } });
          }
          out.push({ id: exercise.id, slug: exercise.slug });
        }
        return out;
      },
      { timeout: 60_000 },
    );
    return { ok: true, imported, warnings };
  } catch (error) {
    // The transaction rolled back. A slug taken between the check and the write is the author's to
    // fix; anything else is ours, so its details go to the server log, not to the page.
    const slugTaken = (error as { code?: unknown }).code === "P2002";
    if (!slugTaken) console.error("exercise import failed", error);
    const message = slugTaken
      ? "an exercise with one of these slugs was created while importing; nothing was imported, change the slug and try again"
      : "the import could not be saved and nothing was imported; try again";
    return { ok: false, errors: [{ path: "(file)", message, severity: "error" }], warnings };
  }
}

export function formatIssues(issues: readonly PathIssue[]): string {
  return issues.map((i) => `${i.severity === "error" ? "error" : "warning"}: ${i.path}: ${i.message}`).join("\n");
}
