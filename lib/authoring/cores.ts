/**
 * Authoring: the cores of the instructor's server actions, with the app's one core signature
 * `(client, user | null, input)` (lib/auth/action.ts), so the permission-matrix tests can call
 * them with a test database. Each one checks the role and
 * the permission itself (never trusting the caller), parses its input with zod and re-validates
 * exercise content with the grading engine: the editor's live checks are a convenience only.
 *
 * Versions (docs/decisions/003-exercise-versions.md): saving creates a new version when the
 * current one has attempts, else rewrites the current version (same number); attempts keep
 * pointing at the step they were graded under.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { Db } from "@/lib/platform/db-client";
import { addExerciseVersion, createExercise, findExerciseBySlug, findStagedVersion, stageExerciseVersion, toDefinition } from "@/lib/exercises/queries";
import { describeChanges, newKnownMistakes } from "@/lib/authoring/version-diff";
import { applyFeedbackToPastAttempts } from "@/lib/authoring/past-feedback";
import { isCourseOwner, mayEditExercise } from "@/lib/auth/policy";
import type { CurrentUser } from "@/lib/auth/types";
import { forbidden, unauthenticated, type ActionFailure, type ActionResult } from "@/lib/platform/action-result";
import type { TestResult } from "@/lib/grading";
import type { Exercise } from "@/lib/exercises/definition";
import {
  checkExercise,
  describeTestResult,
  exerciseIdSchema,
  IMPORT_MAX_BYTES,
  IMPORT_TOO_LARGE,
  publishInputSchema,
  saveExerciseInputSchema,
  zodIssues,
  type PathIssue,
} from "@/lib/authoring/validation";
import { exerciseDefinitionBySlug, importExerciseFile, serializeExerciseFile } from "@/lib/authoring/exercise-io";
import { z } from "zod";

const notFound = (): ActionFailure => ({ ok: false, status: 404, formError: "No such exercise." });
const badInput = (issues: PathIssue[], formError = "Please correct the highlighted fields."): ActionFailure => ({
  ok: false,
  status: 400,
  formError,
  issues,
  fieldErrors: Object.fromEntries(groupByPath(issues)),
});

function groupByPath(issues: readonly PathIssue[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const i of issues) if (i.severity === "error") map.set(i.path, [...(map.get(i.path) ?? []), i.message]);
  return map;
}

/** Role + authorship, in one place for every core below. Unknown exercises and others' exercises look alike. */
async function guardEdit(client: Db, user: CurrentUser | null, exerciseId: string): Promise<ActionFailure | null> {
  if (!user) return unauthenticated();
  if (user.role !== "INSTRUCTOR") return forbidden();
  if (!(await mayEditExercise(client, user, exerciseId))) {
    const exists = await client.exercise.findUnique({ where: { id: exerciseId }, select: { id: true } });
    return exists ? forbidden() : notFound();
  }
  return null;
}

function guardInstructor(user: CurrentUser | null): ActionFailure | null {
  if (!user) return unauthenticated();
  if (user.role !== "INSTRUCTOR") return forbidden();
  return null;
}

async function storedDefinition(client: Db, exerciseId: string): Promise<Exercise | null> {
  const row = await client.exercise.findUnique({ where: { id: exerciseId }, select: { slug: true } });
  if (!row) return null;
  try {
    return await exerciseDefinitionBySlug(client, row.slug);
  } catch {
    return null;
  }
}

/**
 * The prelude of every core that works on one stored exercise: parse the id (an unknown shape is
 * "no such exercise"), check the role and authorship (guardEdit), then load the stored current
 * version as a definition. Returns the failure to send back, or what the core needs.
 */
async function editableExercise(
  client: Db,
  user: CurrentUser | null,
  exerciseId: unknown,
): Promise<ActionFailure | { user: CurrentUser; exerciseId: string; def: Exercise }> {
  const editable = await editableId(client, user, exerciseId);
  if ("ok" in editable) return editable;
  const def = await storedDefinition(client, editable.exerciseId);
  return def ? { ...editable, def } : notFound();
}

/** The first half of editableExercise, for cores that do not need the stored definition. */
async function editableId(client: Db, user: CurrentUser | null, exerciseId: unknown): Promise<ActionFailure | { user: CurrentUser; exerciseId: string }> {
  const id = exerciseIdSchema.safeParse(exerciseId);
  if (!id.success) return notFound();
  const denied = await guardEdit(client, user, id.data);
  if (denied || !user) return denied ?? unauthenticated();
  return { user, exerciseId: id.data };
}

const exerciseRef = (input: unknown): unknown => (typeof input === "object" && input !== null ? (input as { exerciseId?: unknown }).exerciseId : undefined);

// ---------------------------------------------------------------- reads

/** /author: the exercises this instructor may edit, newest first. */
export async function listAuthoredExercises(client: Db, user: CurrentUser) {
  if (user.role !== "INSTRUCTOR") return [];
  const rows = await client.exercise.findMany({
    where: { OR: [{ authorId: user.id }, { course: { ownerId: user.id } }] },
    orderBy: { updatedAt: "desc" },
    select: {
      id: true,
      slug: true,
      published: true,
      updatedAt: true,
      currentVersion: { select: { title: true, version: true, _count: { select: { steps: true } } } },
      assignments: { select: { course: { select: { id: true, title: true } } } },
    },
  });
  const counts = await client.attempt.groupBy({ by: ["exerciseId"], where: { exerciseId: { in: rows.map((r) => r.id) } }, _count: { _all: true } });
  const attempts = new Map(counts.map((c) => [c.exerciseId, c._count._all]));
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.currentVersion?.title ?? r.slug,
    version: r.currentVersion?.version ?? 0,
    steps: r.currentVersion?._count.steps ?? 0,
    published: r.published,
    updatedAt: r.updatedAt,
    courses: r.assignments.map((a) => a.course),
    attempts: attempts.get(r.id) ?? 0,
  }));
}

export type EditorMeta = {
  id: string;
  published: boolean;
  version: number;
  versionCount: number;
  attemptsOnCurrentVersion: number;
  attemptsTotal: number;
  regradable: number;
  assignedCourses: { id: string; title: string }[];
  /** A staged draft of the next version (issue 17 item 5): its number and what it changes; null when none. */
  staged: { id: string; version: number; changes: string[] } | null;
  /** The version a rollback would go back to (the one current before the last publish), or null. */
  previousVersion: number | null;
};

/** The stored exercise as the editor's state, plus what the editor shows around it. */
export async function getExerciseForEditor(
  client: Db,
  user: CurrentUser | null,
  input: { exerciseId: string },
): Promise<ActionResult<{ exercise: Exercise; meta: EditorMeta }>> {
  const editable = await editableId(client, user, exerciseRef(input));
  if ("ok" in editable) return editable;
  // The editor also needs the stored rows' ids and counts, so it loads them itself.
  const row = await client.exercise.findUnique({ where: { id: editable.exerciseId }, select: { slug: true } });
  if (!row) return notFound();
  const stored = await findExerciseBySlug(client, row.slug);
  if (!stored?.currentVersion) return notFound();
  const current = toDefinition(stored.slug, stored.published, stored.currentVersion);
  const [staged, previous] = await Promise.all([
    findStagedVersion(client, stored.id),
    // "Go back" returns to the version current before the last publish (not the next-lower number).
    stored.previousVersionId ? client.exerciseVersion.findUnique({ where: { id: stored.previousVersionId }, select: { version: true } }) : null,
  ]);
  // The editor works on the draft when there is one: students keep the current version meanwhile.
  const draft = staged ? toDefinition(stored.slug, stored.published, staged) : null;
  const [versionCount, attemptsOnCurrentVersion, attemptsTotal, assignments] = await Promise.all([
    client.exerciseVersion.count({ where: { exerciseId: stored.id } }),
    client.attempt.count({ where: { exerciseId: stored.id, step: { versionId: stored.currentVersion.id } } }),
    client.attempt.count({ where: { exerciseId: stored.id } }),
    client.assignment.findMany({ where: { exerciseId: stored.id }, select: { course: { select: { id: true, title: true } } } }),
  ]);
  return {
    ok: true,
    exercise: draft ?? current,
    meta: {
      staged: staged && draft ? { id: staged.id, version: staged.version, changes: describeChanges(current, draft) } : null,
      previousVersion: previous?.version ?? null,
      id: stored.id,
      published: stored.published,
      version: stored.currentVersion.version,
      versionCount,
      attemptsOnCurrentVersion,
      attemptsTotal,
      regradable: attemptsTotal - attemptsOnCurrentVersion,
      assignedCourses: assignments.map((a) => a.course),
    },
  };
}

/** Courses this instructor owns (for "assign to course" on publish and import). */
export async function listOwnedCourses(client: Db, user: CurrentUser) {
  if (user.role !== "INSTRUCTOR") return [];
  return client.course.findMany({ where: { ownerId: user.id }, orderBy: { createdAt: "asc" }, select: { id: true, title: true } });
}

// ---------------------------------------------------------------- save

export type SaveSuccess = {
  exerciseId: string;
  version: number;
  /** true when a new version was created because the previous one had attempts. */
  newVersion: boolean;
  /** true when the save went to the staged draft of a published exercise (students don't see it yet). */
  staged: boolean;
  issues: PathIssue[];
  testResults: TestResult[];
  failingTests: string[];
};

/**
 * Saves the editor's state. Shape errors always refuse; engine errors refuse for a published
 * exercise (students would be graded by a broken key) but not for a draft, so no work is lost.
 */
export async function saveExercise(client: PrismaClient, user: CurrentUser | null, input: unknown): Promise<ActionResult<SaveSuccess>> {
  const notInstructor = guardInstructor(user);
  if (notInstructor || !user) return notInstructor ?? forbidden();
  const parsed = saveExerciseInputSchema.safeParse(input);
  if (!parsed.success) return badInput(zodIssues(parsed.error));
  const { exerciseId } = parsed.data;
  if (exerciseId !== undefined) {
    const denied = await guardEdit(client, user, exerciseId);
    if (denied) return denied;
  }
  const check = checkExercise(parsed.data.exercise);
  if (!check.exercise) return badInput(check.issues);
  const def = check.exercise;
  const failingTests = check.testResults.filter((r) => !r.passed).map((r) => describeTestResult(def, r));

  const clash = await client.exercise.findUnique({ where: { slug: def.slug }, select: { id: true } });
  if (clash && clash.id !== exerciseId) {
    return badInput([{ path: "slug", message: `the slug "${def.slug}" is already used by another exercise`, severity: "error" }]);
  }

  const existing = exerciseId ? await client.exercise.findUnique({ where: { id: exerciseId }, select: { published: true, currentVersionId: true, slug: true } }) : null;
  if (existing?.published && existing.slug !== def.slug) {
    // Versions don't carry the address, and students' links and bookmarks point at it.
    return badInput([{ path: "slug", message: `a published exercise keeps its address: unpublish it to change "${existing.slug}"`, severity: "error" }]);
  }
  if (existing?.published && !check.ok) {
    return {
      ...badInput(check.issues, "This exercise is published: fix the errors below (or unpublish it) before saving."),
      failingTests,
    };
  }

  const result = await client.$transaction(
    async (tx) => {
      if (!exerciseId || !existing) {
        const home = await tx.course.findFirst({ where: { ownerId: user.id }, orderBy: { createdAt: "asc" }, select: { id: true } });
        const created = await createExercise(tx, { ...def, published: false }, { authorId: user.id, courseId: home?.id ?? null });
        return { exerciseId: created.id, newVersion: false, staged: false };
      }
      const content = { ...def, published: existing.published };
      if (existing.published && existing.currentVersionId) {
        // Published: the edit is staged as the next version's draft, live only once published (item 5).
        await stageExerciseVersion(tx, exerciseId, content);
        return { exerciseId, newVersion: true, staged: true };
      }
      const attempts = existing.currentVersionId
        ? await tx.attempt.count({ where: { step: { versionId: existing.currentVersionId } } })
        : 0;
      if (attempts > 0 || !existing.currentVersionId) {
        await addExerciseVersion(tx, exerciseId, content);
        return { exerciseId, newVersion: attempts > 0, staged: false };
      }
      // No attempts yet: rewrite the current version under the same number (nothing points at its steps).
      await tx.exerciseVersion.delete({ where: { id: existing.currentVersionId } });
      await addExerciseVersion(tx, exerciseId, content);
      return { exerciseId, newVersion: false, staged: false };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
  const version = await client.exercise.findUniqueOrThrow({
    where: { id: result.exerciseId },
    select: { currentVersion: { select: { version: true } }, stagedVersion: { select: { version: true } } },
  });
  return {
    ok: true,
    ...result,
    version: (result.staged ? version.stagedVersion?.version : version.currentVersion?.version) ?? 1,
    issues: check.issues,
    testResults: check.testResults,
    failingTests,
  };
}

// ---------------------------------------------------------------- tests, publish

/** Runs the question tests (explicit and implicit) of the stored current version. */
export async function runQuestionTests(
  client: Db,
  user: CurrentUser | null,
  input: { exerciseId: string },
): Promise<ActionResult<{ issues: PathIssue[]; testResults: TestResult[]; failingTests: string[] }>> {
  const loaded = await editableExercise(client, user, exerciseRef(input));
  if ("ok" in loaded) return loaded;
  const { def } = loaded;
  const check = checkExercise(def);
  return {
    ok: true,
    issues: check.issues,
    testResults: check.testResults,
    failingTests: check.testResults.filter((r) => !r.passed).map((r) => describeTestResult(def, r)),
  };
}

/**
 * Publishes the stored current version, refused while any authoring error or failing question
 * test remains (each failing row is named with what the engine said). Optionally assigns the
 * exercise to a course the instructor owns.
 */
export async function publishExercise(
  client: Db,
  user: CurrentUser | null,
  input: unknown,
): Promise<ActionResult<{ assignedTo: string | null }>> {
  const parsed = publishInputSchema.safeParse(input);
  if (!parsed.success) return badInput(zodIssues(parsed.error));
  const { courseId } = parsed.data;
  const loaded = await editableExercise(client, user, parsed.data.exerciseId);
  if ("ok" in loaded) return loaded;
  const { def, exerciseId } = loaded;
  if (courseId !== undefined && !(await isCourseOwner(client, loaded.user, courseId))) {
    return { ok: false, status: 403, formError: "You can only assign exercises to your own courses.", fieldErrors: { courseId: ["not your course"] } };
  }
  const check = checkExercise(def);
  if (!check.ok) {
    const failingTests = check.testResults.filter((r) => !r.passed).map((r) => describeTestResult(def, r));
    const otherErrors = check.issues.filter((i) => i.severity === "error" && !/\.tests\[\d+\]$/.test(i.path));
    return {
      ok: false,
      status: 409,
      formError: `Publishing refused: ${failingTests.length > 0 ? `${failingTests.length} question test${failingTests.length === 1 ? "" : "s"} fail` : "the exercise has errors"}${failingTests.length > 0 && otherErrors.length > 0 ? " and there are other errors" : ""}. Fix them, save, and publish again.`,
      failingTests,
      issues: check.issues,
    };
  }
  await client.exercise.update({ where: { id: exerciseId }, data: { published: true } });
  if (courseId !== undefined) {
    const last = await client.assignment.aggregate({ where: { courseId }, _max: { position: true } });
    await client.assignment.upsert({
      where: { courseId_exerciseId: { courseId, exerciseId } },
      create: { courseId, exerciseId, position: (last._max.position ?? -1) + 1 },
      update: {},
    });
  }
  return { ok: true, assignedTo: courseId ?? null };
}

export async function unpublishExercise(client: PrismaClient, user: CurrentUser | null, input: { exerciseId: string }): Promise<ActionResult> {
  const editable = await editableId(client, user, exerciseRef(input));
  if ("ok" in editable) return editable;
  // Nobody sees an unpublished exercise, so its staged draft becomes its current version: later saves
  // go straight to it, and republishing never brings back a forgotten draft (review of issue 17).
  await client.$transaction(async (tx) => {
    const head = await tx.exercise.findUniqueOrThrow({ where: { id: editable.exerciseId }, select: { stagedVersionId: true, currentVersionId: true } });
    await tx.exercise.update({
      where: { id: editable.exerciseId },
      data: head.stagedVersionId ? { published: false, currentVersionId: head.stagedVersionId, stagedVersionId: null, previousVersionId: head.currentVersionId } : { published: false },
    });
  });
  return { ok: true };
}

/**
 * Deletes a draft: an exercise that is not published and has no student attempts (issue #13
 * item 9). Once students have worked on it, it can only be unpublished — their work and the
 * gradebook keep pointing at it. Reveals, drafts and progress rows (no foreign key) go with it.
 */
export async function deleteExercise(client: PrismaClient, user: CurrentUser | null, input: { exerciseId: string }): Promise<ActionResult> {
  const editable = await editableId(client, user, exerciseRef(input));
  if ("ok" in editable) return editable;
  const exerciseId = editable.exerciseId;
  return client.$transaction(async (tx) => {
    const exercise = await tx.exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { published: true } });
    if (exercise.published) return { ok: false as const, status: 409 as const, formError: "Unpublish the exercise first; only drafts can be deleted." };
    if ((await tx.attempt.count({ where: { exerciseId } })) > 0) {
      return { ok: false as const, status: 409 as const, formError: "Students have worked on this exercise: it cannot be deleted (it stays unpublished)." };
    }
    await tx.draft.deleteMany({ where: { exerciseId } });
    await tx.hintReveal.deleteMany({ where: { exerciseId } });
    await tx.solutionReveal.deleteMany({ where: { exerciseId } });
    await tx.stepProgress.deleteMany({ where: { exerciseId } });
    // Versions, steps and assignments cascade; the current-version pointer goes with the row.
    await tx.exercise.update({ where: { id: exerciseId }, data: { currentVersionId: null } });
    await tx.exercise.delete({ where: { id: exerciseId } });
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------- import/export

export async function exportForAuthor(client: Db, user: CurrentUser | null, input: { exerciseId: string }): Promise<ActionResult<{ filename: string; json: string }>> {
  const loaded = await editableExercise(client, user, exerciseRef(input));
  if ("ok" in loaded) return loaded;
  const { def } = loaded;
  return { ok: true, filename: `${def.slug}.json`, json: serializeExerciseFile([def]) };
}

const importInputSchema = z.object({ text: z.string().max(IMPORT_MAX_BYTES, IMPORT_TOO_LARGE), courseId: z.string().min(1).max(64).optional() }).strict();

/** Imports a file as the signed-in instructor's exercises (all or nothing). */
export async function importForAuthor(
  client: PrismaClient,
  user: CurrentUser | null,
  input: unknown,
): Promise<ActionResult<{ imported: { id: string; slug: string }[]; warnings: PathIssue[] }>> {
  const notInstructor = guardInstructor(user);
  if (notInstructor || !user) return notInstructor ?? forbidden();
  const parsed = importInputSchema.safeParse(input);
  if (!parsed.success) return badInput(zodIssues(parsed.error));
  const { text, courseId } = parsed.data;
  if (courseId !== undefined && !(await isCourseOwner(client, user, courseId))) return forbidden("You can only import into your own courses.");
  const result = await importExerciseFile(client, text, { authorId: user.id, courseId: courseId ?? null });
  if (!result.ok) {
    return { ok: false, status: 400, formError: `The file was not imported (${result.errors.length} problem${result.errors.length === 1 ? "" : "s"}); nothing was changed.`, issues: [...result.errors, ...result.warnings] };
  }
  return { ok: true, imported: result.imported, warnings: result.warnings };
}

// ---------------------------------------------------------------- staged versions (issue 17 item 5)

/** The staged draft's id as the author's page showed it: publish/discard act only on that draft. */
const stagedInput = z.object({ stagedVersionId: z.string().min(1).max(64).optional() });
const DRAFT_CHANGED: ActionFailure = {
  ok: false,
  status: 409,
  formError: "The exercise's versions changed since this page was loaded (another save, publish or tab): reload the page and check again.",
};

/**
 * Publishes the staged draft: it becomes the current version students see at once (the version
 * cache is keyed by version id, docs/decisions/012); in-flight checks keep the version they loaded.
 * Refused while the draft has authoring errors or failing question tests. Past incorrect attempts
 * matching a known mistake the draft adds get its feedback. Returns the new current version number
 * and how many past attempts were relabelled.
 */
export async function publishStagedVersion(
  client: PrismaClient,
  user: CurrentUser | null,
  input: unknown,
): Promise<ActionResult<{ version: number; updatedAttempts: number }>> {
  const loaded = await editableExercise(client, user, exerciseRef(input));
  if ("ok" in loaded) return loaded;
  const staged = await findStagedVersion(client, loaded.exerciseId);
  if (!staged) return { ok: false, status: 409, formError: "There is no draft to publish: it was published or discarded meanwhile." };
  const head = await client.exercise.findUniqueOrThrow({ where: { id: loaded.exerciseId }, select: { slug: true, published: true, currentVersionId: true } });
  const draft = toDefinition(head.slug, head.published, staged);
  const check = checkExercise(draft);
  if (!check.ok) {
    const failingTests = check.testResults.filter((r) => !r.passed).map((r) => describeTestResult(draft, r));
    return { ok: false, status: 409, formError: "Publishing refused: the draft has errors or failing question tests. Fix them, save, and publish again.", failingTests, issues: check.issues };
  }
  const before = loaded.def;
  const reviewed = stagedInput.safeParse(input);
  if (reviewed.success && reviewed.data.stagedVersionId !== undefined && reviewed.data.stagedVersionId !== staged.id) return DRAFT_CHANGED;
  // Only if the draft is still the one checked above (a save may have replaced it meanwhile).
  const { count } = await client.exercise.updateMany({
    where: { id: loaded.exerciseId, stagedVersionId: staged.id },
    data: { currentVersionId: staged.id, stagedVersionId: null, previousVersionId: head.currentVersionId },
  });
  if (count === 0) return DRAFT_CHANGED;
  let updatedAttempts = 0;
  for (const m of newKnownMistakes(before, draft)) {
    updatedAttempts += await applyFeedbackToPastAttempts(client, { exerciseId: loaded.exerciseId, ...m, variables: draft.variables });
  }
  return { ok: true, version: staged.version, updatedAttempts };
}

/** Discards the staged draft: the current version stays what students see. */
export async function discardStagedVersion(client: PrismaClient, user: CurrentUser | null, input: unknown): Promise<ActionResult> {
  const editable = await editableId(client, user, exerciseRef(input));
  if ("ok" in editable) return editable;
  const head = await client.exercise.findUnique({ where: { id: editable.exerciseId }, select: { stagedVersionId: true } });
  if (!head?.stagedVersionId) return { ok: false, status: 409, formError: "There is no draft to discard." };
  const stagedId = head.stagedVersionId;
  const reviewed = stagedInput.safeParse(input);
  if (reviewed.success && reviewed.data.stagedVersionId !== undefined && reviewed.data.stagedVersionId !== stagedId) return DRAFT_CHANGED;
  const discarded = await client.$transaction(async (tx) => {
    const { count } = await tx.exercise.updateMany({ where: { id: editable.exerciseId, stagedVersionId: stagedId }, data: { stagedVersionId: null } });
    if (count === 0) return false;
    await tx.exerciseVersion.delete({ where: { id: stagedId } });
    return true;
  });
  return discarded ? { ok: true } : DRAFT_CHANGED;
}

/**
 * Goes back to the previous version (the highest numbered below the current one): it becomes
 * current again for everyone at once. Versions are immutable, so it is the same content students
 * were graded against before; attempts made under the newer version keep pointing at it and can
 * be regraded. Refused while a draft is staged (publish or discard it first).
 */
export async function rollbackExercise(client: PrismaClient, user: CurrentUser | null, input: unknown): Promise<ActionResult<{ version: number }>> {
  const editable = await editableId(client, user, exerciseRef(input));
  if ("ok" in editable) return editable;
  const head = await client.exercise.findUnique({
    where: { id: editable.exerciseId },
    select: { stagedVersionId: true, currentVersionId: true, previousVersion: { select: { id: true, version: true } } },
  });
  if (!head?.currentVersionId) return notFound();
  if (head.stagedVersionId) return { ok: false, status: 409, formError: "A draft is staged: publish or discard it before going back to an earlier version." };
  const previous = head.previousVersion;
  if (!previous) return { ok: false, status: 409, formError: "There is no earlier version to go back to (one step back after each publish)." };
  const { count } = await client.exercise.updateMany({
    where: { id: editable.exerciseId, currentVersionId: head.currentVersionId, previousVersionId: previous.id },
    data: { currentVersionId: previous.id, previousVersionId: null },
  });
  if (count === 0) return DRAFT_CHANGED;
  return { ok: true, version: previous.version };
}

/**
 * Duplicates an exercise the instructor may edit (issue 17 item 9): a new, unpublished exercise
 * of theirs with the current version's content (its staged draft when there is one), titled
 * "… (copy)" at the first free address "<slug>-copy", "<slug>-copy-2", … Returns the new id.
 */
export async function duplicateExercise(client: PrismaClient, user: CurrentUser | null, input: unknown): Promise<ActionResult<{ exerciseId: string }>> {
  const loaded = await editableExercise(client, user, exerciseRef(input));
  if ("ok" in loaded) return loaded;
  const staged = await findStagedVersion(client, loaded.exerciseId);
  const head = await client.exercise.findUniqueOrThrow({ where: { id: loaded.exerciseId }, select: { slug: true } });
  const source = staged ? toDefinition(head.slug, false, staged) : loaded.def;
  // Trailing hyphens cut off: "…--copy" is not a valid slug.
  const base = `${source.slug.slice(0, 70).replace(/-+$/, "")}-copy`;
  let slug = base;
  for (let n = 2; await client.exercise.findUnique({ where: { slug }, select: { id: true } }); n++) slug = `${base}-${n}`;
  const title = `${source.title.slice(0, 190)} (copy)`;
  const home = await client.course.findFirst({ where: { ownerId: loaded.user.id }, orderBy: { createdAt: "asc" }, select: { id: true } });
  const created = await client.$transaction((tx) => createExercise(tx, { ...source, slug, title, published: false }, { authorId: loaded.user.id, courseId: home?.id ?? null }));
  return { ok: true, exerciseId: created.id };
}
