import type { Db } from "@/lib/platform/db-client";
import type { Exercise as ExerciseHead } from "@/generated/prisma/client";
import { fastSql } from "@/lib/platform/fast-sql";
import type { Exercise as ExerciseDefinition, VariableInput } from "@/lib/exercises/definition";
import { formRequirementSchema, paletteFunctionSchema, shapeSchema } from "@/lib/exercises/definition";
import { forValidation } from "@/lib/exercises/parameters";
import { displayNamesFor, matrixNamesFor } from "@/lib/grading";
import { z } from "zod";

const paletteListSchema = z.array(paletteFunctionSchema);

const allowedVariablesSchema = z.array(z.string());

const versionInclude = {
  variables: { orderBy: { position: "asc" } },
  steps: {
    orderBy: { position: "asc" },
    include: {
      hints: { orderBy: { position: "asc" } },
      mistakes: { orderBy: { position: "asc" } },
      questionTests: { orderBy: { position: "asc" } },
    },
  },
} as const;

/**
 * The kind-specific fields of the matrix variable kinds (issue 15), stored as one JSON column
 * `spec` rather than a column each: they are read only together, and a new kind then needs no
 * migration. Validated when read, so a hand-edited row fails loudly instead of grading wrongly.
 */
const variableSpecSchema = z
  .object({
    shape: shapeSchema.optional(),
    latex: z.string().optional(),
    values: z.array(z.number()).optional(),
    integer: z.tuple([z.number().int(), z.number().int()]).optional(),
    onehot: z.literal(true).optional(),
  })
  .strict();
type VariableSpec = z.infer<typeof variableSpecSchema>;

/** The `spec` column of one variable: its matrix fields, or null for the original kinds without any. */
function variableSpec(v: VariableInput): string | null {
  const spec: VariableSpec = {
    ...("shape" in v && v.shape !== undefined ? { shape: v.shape } : {}),
    ...("latex" in v && v.latex !== undefined ? { latex: v.latex } : {}),
    ...("values" in v ? { values: v.values } : {}),
    ...("integer" in v ? { integer: v.integer } : {}),
    ...("onehot" in v ? { onehot: v.onehot } : {}),
  };
  return Object.keys(spec).length === 0 ? null : JSON.stringify(spec);
}

/** Writes one version of an exercise's content (variables, steps, hints, mistakes, tests). */
async function writeVersion(client: Db, exerciseId: string, version: number, def: ExerciseDefinition) {
  return client.exerciseVersion.create({
    data: {
      exerciseId,
      version,
      title: def.title,
      statement: def.statement,
      followThroughCredit: def.followThroughCredit ?? 1,
      palette: def.palette ? JSON.stringify(def.palette) : null,
      variables: {
        create: def.variables.map((v, position) => ({
          position,
          name: v.name,
          description: v.description ?? "",
          spec: variableSpec(v),
          ...("range" in v
            ? { rangeMin: v.range[0], rangeMax: v.range[1] }
            : "parameter" in v
              ? { parameterValues: JSON.stringify(v.parameter) }
              : v.definition !== undefined
                ? { definition: v.definition }
                : {}),
        })),
      },
      steps: {
        create: def.steps.map((s, position) => ({
          position,
          key: s.key,
          title: s.title,
          prompt: s.prompt,
          expected: s.expected,
          allowedVariables: s.allowedVariables ? JSON.stringify(s.allowedVariables) : null,
          formRequirement: s.form ? JSON.stringify(s.form) : null,
          solution: s.solution,
          attemptsBeforeSolution: s.attemptsBeforeSolution,
          weight: s.weight ?? 1,
          follows: s.follows ?? null,
          hints: { create: s.hints.map((text, i) => ({ position: i, text })) },
          mistakes: { create: s.mistakes.map((m, i) => ({ position: i, expression: m.expression, feedback: m.feedback })) },
          questionTests: {
            create: s.tests.map((t, i) => ({
              position: i,
              answer: t.answer,
              expectedVerdict: toStoredVerdict(t.verdict),
              expectedFeedback: t.feedbackIncludes ?? null,
              earlier: t.earlier ? JSON.stringify(t.earlier) : null,
            })),
          },
        })),
      },
    },
  });
}

type TestVerdict = ExerciseDefinition["steps"][number]["tests"][number]["verdict"];
const earlierSchema = z.record(z.string(), z.string());
const parameterValuesSchema = z.array(z.number());
const parameterValues = parameterValuesSchema;

function toStoredVerdict(v: TestVerdict): "CORRECT" | "INCORRECT" | "INVALID" | "CARRIED_FORWARD" {
  return v === "carried-forward" ? "CARRIED_FORWARD" : (v.toUpperCase() as "CORRECT" | "INCORRECT" | "INVALID");
}

function fromStoredVerdict(v: "CORRECT" | "INCORRECT" | "INVALID" | "CARRIED_FORWARD"): TestVerdict {
  return v === "CARRIED_FORWARD" ? "carried-forward" : (v.toLowerCase() as "correct" | "incorrect" | "invalid");
}

/** Creates a new exercise with its first version. */
export async function createExercise(
  client: Db,
  def: ExerciseDefinition,
  owner: { authorId?: string | null; courseId?: string | null } = {},
) {
  const exercise = await client.exercise.create({
    data: { slug: def.slug, published: def.published, authorId: owner.authorId ?? null, courseId: owner.courseId ?? null },
  });
  const version = await writeVersion(client, exercise.id, 1, def);
  return client.exercise.update({ where: { id: exercise.id }, data: { currentVersionId: version.id } });
}

/**
 * Touches the exercise row before reading "the last version": inside the caller's transaction this
 * locks the row on PostgreSQL, so two saves of one exercise number their versions one after the
 * other instead of both taking "last + 1" (SQLite serialises write transactions anyway). Returns
 * the staged version's id.
 */
async function lockExercise(client: Db, exerciseId: string) {
  return client.exercise.update({ where: { id: exerciseId }, data: { updatedAt: new Date() }, select: { stagedVersionId: true } });
}

/** Adds a new version and makes it current. Old attempts keep pointing at the old version's steps. */
export async function addExerciseVersion(client: Db, exerciseId: string, def: ExerciseDefinition) {
  await lockExercise(client, exerciseId);
  const last = await client.exerciseVersion.findFirst({ where: { exerciseId }, orderBy: { version: "desc" } });
  const version = await writeVersion(client, exerciseId, (last?.version ?? 0) + 1, def);
  return client.exercise.update({
    where: { id: exerciseId },
    data: { currentVersionId: version.id, slug: def.slug, published: def.published },
  });
}

export async function findExerciseBySlug(client: Db, slug: string) {
  return client.exercise.findUnique({ where: { slug }, include: { currentVersion: { include: versionInclude } } });
}

/** One stored version with its content (variables, steps with hints, mistakes and tests), or null. */
export async function findVersionWithContent(client: Db, versionId: string) {
  return client.exerciseVersion.findUnique({ where: { id: versionId }, include: versionInclude });
}

export type ExerciseWithContent = NonNullable<Awaited<ReturnType<typeof findExerciseBySlug>>>;

/**
 * Versions are immutable (a save writes a new row: docs/decisions/003), so a loaded version is
 * cached in-process by its id: the check path reads one small row (the exercise's head: id,
 * published, current version id) and takes the version's content — steps, keys, mistakes, hints,
 * tests — from memory. Publishing a new version changes the head's currentVersionId, so the next
 * check loads the new version at once; a check already running keeps the version it loaded.
 */
const VERSION_CACHE_LIMIT = 100;
const versionCache = new Map<string, VersionWithContent>();

/** Like findExerciseBySlug, with the current version from the in-process cache. Same result shape. */
export async function findExerciseBySlugCached(client: Db, slug: string): Promise<ExerciseWithContent | null> {
  // Every check, draft save and page load runs this: one prepared statement (docs/decisions/012).
  const head = await (await fastSql(client)).get<ExerciseHead>(`SELECT * FROM "Exercise" WHERE "slug" = ?`, [slug]);
  if (!head) return null;
  if (!head.currentVersionId) return { ...head, currentVersion: null };
  return { ...head, currentVersion: await cachedVersion(client, head.currentVersionId) };
}

/** A version with its content by id, from the in-process cache (versions are immutable), or null. */
export async function cachedVersion(client: Db, versionId: string): Promise<VersionWithContent | null> {
  let version = versionCache.get(versionId);
  if (!version) {
    const loaded = await client.exerciseVersion.findUnique({ where: { id: versionId }, include: versionInclude });
    if (!loaded) return null;
    version = loaded;
    if (versionCache.size >= VERSION_CACHE_LIMIT) versionCache.delete(versionCache.keys().next().value as string);
    versionCache.set(versionId, version);
  }
  return version;
}
export type VersionWithContent = NonNullable<ExerciseWithContent["currentVersion"]>;

/** Rebuilds the portable definition (the import/export shape) from a stored version. */
export function toDefinition(slug: string, published: boolean, version: VersionWithContent): ExerciseDefinition {
  return {
    slug,
    title: version.title,
    statement: version.statement,
    published,
    variables: version.variables.map(toVariableDefinition),
    steps: version.steps.map((s) => ({
      key: s.key,
      title: s.title,
      prompt: s.prompt,
      expected: s.expected,
      ...(s.allowedVariables ? { allowedVariables: allowedVariablesSchema.parse(JSON.parse(s.allowedVariables)) } : {}),
      hints: s.hints.map((h) => h.text),
      mistakes: s.mistakes.map((m) => ({ expression: m.expression, feedback: m.feedback })),
      tests: s.questionTests.map((t) => ({
        answer: t.answer,
        verdict: fromStoredVerdict(t.expectedVerdict),
        ...(t.expectedFeedback ? { feedbackIncludes: t.expectedFeedback } : {}),
        ...(t.earlier ? { earlier: earlierSchema.parse(JSON.parse(t.earlier)) } : {}),
      })),
      solution: s.solution,
      attemptsBeforeSolution: s.attemptsBeforeSolution,
      ...(s.weight !== 1 ? { weight: s.weight } : {}),
      ...(s.formRequirement ? { form: formRequirementSchema.parse(JSON.parse(s.formRequirement)) } : {}),
      ...(s.follows ? { follows: s.follows } : {}),
    })),
    ...(version.followThroughCredit !== 1 ? { followThroughCredit: version.followThroughCredit } : {}),
    ...(version.palette ? { palette: paletteListSchema.parse(JSON.parse(version.palette)) } : {}),
  };
}

export function toVariableDefinition(v: {
  name: string;
  rangeMin: number | null;
  rangeMax: number | null;
  definition: string | null;
  parameterValues: string | null;
  spec: string | null;
  description: string;
}): VariableInput {
  const description = v.description ? { description: v.description } : {};
  if (v.parameterValues !== null) return { name: v.name, parameter: parameterValuesSchema.parse(JSON.parse(v.parameterValues)), ...description };
  const spec = v.spec ? variableSpecSchema.parse(JSON.parse(v.spec)) : {};
  const latex = spec.latex !== undefined ? { latex: spec.latex } : {};
  const shape = spec.shape !== undefined ? { shape: spec.shape } : {};
  if (v.definition !== null) return { name: v.name, definition: v.definition, ...latex, ...description };
  if (spec.values !== undefined) return { name: v.name, values: spec.values, ...shape, ...latex, ...description };
  if (spec.integer !== undefined) return { name: v.name, integer: spec.integer, ...latex, ...description };
  if (spec.onehot === true) {
    if (spec.shape === undefined) throw new Error(`variable ${v.name}: a one-hot variable is stored without its shape`);
    return { name: v.name, onehot: true, shape: spec.shape, ...latex, ...description };
  }
  return { name: v.name, range: [v.rangeMin ?? 0, v.rangeMax ?? 1], ...shape, ...latex, ...description };
}

/**
 * Student-safe summary for listing pages: no expressions from the key.
 * (`select` rather than `include` so new key columns never leak by default.)
 */
export async function listPublishedExercises(client: Db) {
  return client.exercise.findMany({
    where: { published: true, currentVersionId: { not: null } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      slug: true,
      currentVersion: { select: { title: true, version: true, _count: { select: { steps: true } } } },
    },
  });
}

/**
 * What a student's browser may receive for an exercise: statement, variables' names and
 * descriptions (not their definitions' role in the key), step titles, prompts and hint count.
 * Never the expected expressions, known mistakes, tests or solutions.
 */
export async function getStudentExercise(client: Db, slug: string) {
  // The head (one prepared statement) and the current version from the in-process cache; the
  // student view of a version is a pure function of it, so it is derived once per version.
  const exercise = await findExerciseBySlugCached(client, slug);
  if (!exercise || !exercise.currentVersion) return null;
  let view = studentViews.get(exercise.currentVersion);
  if (!view) studentViews.set(exercise.currentVersion, (view = studentView(exercise.currentVersion)));
  return { id: exercise.id, slug: exercise.slug, published: exercise.published, ...view };
}

// Keyed by the cached version object itself: dropped with it when the version cache evicts it.
const studentViews = new WeakMap<VersionWithContent, ReturnType<typeof studentView>>();

/**
 * What a student's page may know of a version: no expected expression, mistake, test or hint text
 * (hints are counted; their text is sent only once revealed).
 */
function studentView(version: VersionWithContent) {
  const allNames = version.variables.map((v) => v.name);
  return {
    versionId: version.id,
    version: version.version,
    title: version.title,
    /** The author's palette functions (null = derived from the statement by the page). */
    palette: version.palette ? paletteListSchema.parse(JSON.parse(version.palette)) : null,
    statement: version.statement,
    // Parameter values are not key material: each student sees their own in the statement.
    variables: version.variables.map((v) => ({ name: v.name, description: v.description })),
    /**
     * Matrix exercises: every name's shape (definitions' inferred) and display LaTeX, so the
     * browser's preview reads answers as the server will (parseOptionsFromNames). Not key
     * material: statements state the shapes, and no definition's or step's expression is sent.
     */
    matrix: matrixNamesFor(forValidation(version.variables.map(toVariableDefinition))),
    /** A scalar exercise's display names ([name, LaTeX], e.g. yhat → \\hat{y}; issue 17 item 9), for the preview. */
    displayNames: displayNamesFor(forValidation(version.variables.map(toVariableDefinition))),
    /** Per-student parameters: name and the values one of which each student gets. */
    parameters: version.variables.flatMap((v) => (v.parameterValues === null ? [] : [{ name: v.name, values: parameterValues.parse(JSON.parse(v.parameterValues)) }])),
    steps: version.steps.map((s) => ({
      id: s.id,
      key: s.key,
      title: s.title,
      prompt: s.prompt,
      // Which variable names the answer may use is not part of the key: students need it to type.
      variables: s.allowedVariables ? allowedVariablesSchema.parse(JSON.parse(s.allowedVariables)) : allNames,
      hintCount: s.hints.length,
      attemptsBeforeSolution: s.attemptsBeforeSolution,
    })),
  };
}
export type StudentExercise = NonNullable<Awaited<ReturnType<typeof getStudentExercise>>>;

/**
 * Stages `def` as the draft of the next version of a published exercise (issue 17 item 5): written
 * as version max+1 but not made current, so students keep the current version until the author
 * publishes it (publishStagedVersion). A previous draft is replaced (its version row deleted: no
 * attempt can point at a version that was never current). Returns the staged version.
 */
export async function stageExerciseVersion(client: Db, exerciseId: string, def: ExerciseDefinition) {
  const head = await lockExercise(client, exerciseId);
  if (head.stagedVersionId) {
    await client.exercise.update({ where: { id: exerciseId }, data: { stagedVersionId: null } });
    await client.exerciseVersion.delete({ where: { id: head.stagedVersionId } });
  }
  const last = await client.exerciseVersion.findFirst({ where: { exerciseId }, orderBy: { version: "desc" }, select: { version: true } });
  const version = await writeVersion(client, exerciseId, (last?.version ?? 0) + 1, def);
  await client.exercise.update({ where: { id: exerciseId }, data: { stagedVersionId: version.id } });
  return version;
}

/** The staged draft of an exercise with its full content (as findExerciseBySlug loads the current one), or null. */
export async function findStagedVersion(client: Db, exerciseId: string) {
  const head = await client.exercise.findUnique({ where: { id: exerciseId }, select: { stagedVersionId: true } });
  if (!head?.stagedVersionId) return null;
  return client.exerciseVersion.findUnique({ where: { id: head.stagedVersionId }, include: versionInclude });
}
