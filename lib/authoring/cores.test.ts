import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import type { CurrentUser } from "@/lib/auth/types";
import type { ExerciseInput } from "@/lib/exercises/definition";
import { discardStagedVersion, duplicateExercise, getExerciseForEditor, publishExercise, publishStagedVersion, rollbackExercise, runQuestionTests, saveExercise, unpublishExercise } from "./cores";
import { findExerciseBySlugCached, getStudentExercise } from "@/lib/exercises/queries";
import { checkAnswer } from "@/lib/student-work/cores";

let t: TestDb;
let instructor: CurrentUser;
let other: CurrentUser;
let student: CurrentUser;
let courseId: string;

beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  const pick = ({ id, email, name, role }: CurrentUser) => ({ id, email, name, role });
  instructor = pick(await t.db.user.findUniqueOrThrow({ where: { email: "instructor@stepwise.test" } }));
  student = pick(await t.db.user.findUniqueOrThrow({ where: { email: "student@stepwise.test" } }));
  other = pick(await t.db.user.create({ data: { email: "other@stepwise.test", name: "Other", role: "INSTRUCTOR", passwordHash: "x" } }));
  courseId = (await t.db.course.findFirstOrThrow({ where: { ownerId: instructor.id } })).id;
});
afterAll(() => t.cleanup());

function draft(overrides: Partial<ExerciseInput> = {}): ExerciseInput {
  return {
    slug: "power-rule",
    title: "Power rule",
    statement: "Differentiate $x^2 + xy$.",
    variables: [
      { name: "x", range: [-2, 2] },
      { name: "y", range: [1, 3] },
    ],
    steps: [
      {
        key: "dx",
        title: "\\frac{\\partial f}{\\partial x}",
        prompt: "With respect to $x$.",
        expected: "2x + y",
        mistakes: [{ expression: "2x", feedback: "Do not forget the xy term." }],
        tests: [{ answer: "y + 2*x", verdict: "correct" }],
      },
      { key: "dy", title: "\\frac{\\partial f}{\\partial y}", prompt: "", expected: "x" },
    ],
    ...overrides,
  };
}

describe("saveExercise", () => {
  let id: string;
  it("creates a draft owned by the instructor, refuses shape errors with paths and foreign users", async () => {
    expect(await saveExercise(t.db, student, { exercise: draft() })).toMatchObject({ ok: false, status: 403 });
    expect(await saveExercise(t.db, null, { exercise: draft() })).toMatchObject({ ok: false, status: 401 });
    const bad = await saveExercise(t.db, instructor, { exercise: { ...draft(), slug: "Bad Slug", steps: [{ ...draft().steps[0], expected: 3 }] } });
    expect(bad).toMatchObject({ ok: false, status: 400, fieldErrors: { slug: [expect.any(String)], "steps[0].expected": [expect.any(String)] } });
    const taken = await saveExercise(t.db, instructor, { exercise: draft({ slug: "tanh-derivative" }) });
    expect(taken).toMatchObject({ ok: false, fieldErrors: { slug: [expect.stringMatching(/already used/)] } });

    const saved = await saveExercise(t.db, instructor, { exercise: draft() });
    expect(saved).toMatchObject({ ok: true, version: 1, newVersion: false, failingTests: [] });
    if (!saved.ok) return;
    id = saved.exerciseId;
    const row = await t.db.exercise.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ authorId: instructor.id, published: false, courseId });
    expect(await getExerciseForEditor(t.db, other, { exerciseId: id })).toMatchObject({ ok: false, status: 403 });
    expect(await saveExercise(t.db, other, { exerciseId: id, exercise: draft({ title: "Mine now" }) })).toMatchObject({ ok: false, status: 403 });
  });

  it("keeps saving drafts with engine errors (reported), rewriting the version while it has no attempts", async () => {
    const broken = draft();
    broken.steps[0]!.expected = "2x + w";
    const saved = await saveExercise(t.db, instructor, { exerciseId: id, exercise: broken });
    expect(saved).toMatchObject({ ok: true, version: 1 });
    if (saved.ok) expect(saved.issues).toContainEqual(expect.objectContaining({ path: "steps[0].expected", severity: "error" }));
    expect(await t.db.exerciseVersion.count({ where: { exerciseId: id } })).toBe(1);
  });

  it("refuses to publish while a question test fails, naming the row and the engine's verdict; publishes once fixed", async () => {
    const failing = draft();
    failing.steps[0]!.tests = [{ answer: "y + 2*x", verdict: "correct" }, { answer: "2*x + 2*y", verdict: "correct" }];
    await saveExercise(t.db, instructor, { exerciseId: id, exercise: failing });
    const refused = await publishExercise(t.db, instructor, { exerciseId: id, courseId });
    expect(refused).toMatchObject({ ok: false, status: 409 });
    if (!refused.ok) expect(refused.failingTests).toEqual([expect.stringMatching(/^step 1 \(dx\), question test row 2: "2\*x \+ 2\*y" should be correct but the engine says incorrect/)]);
    expect((await t.db.exercise.findUniqueOrThrow({ where: { id } })).published).toBe(false);

    const tests = await runQuestionTests(t.db, instructor, { exerciseId: id });
    expect(tests.ok && tests.testResults.filter((r) => !r.passed)).toHaveLength(1);

    expect(await saveExercise(t.db, instructor, { exerciseId: id, exercise: draft() })).toMatchObject({ ok: true });
    expect(await publishExercise(t.db, other, { exerciseId: id })).toMatchObject({ ok: false, status: 403 });
    const otherCourse = await t.db.course.create({ data: { title: "Other's", ownerId: other.id } });
    expect(await publishExercise(t.db, instructor, { exerciseId: id, courseId: otherCourse.id })).toMatchObject({ ok: false, status: 403 });
    expect(await publishExercise(t.db, instructor, { exerciseId: id, courseId })).toMatchObject({ ok: true, assignedTo: courseId });
    expect(await t.db.assignment.findUnique({ where: { courseId_exerciseId: { courseId, exerciseId: id } } })).not.toBeNull();
  });

  it("a published exercise cannot be saved with errors", async () => {
    const broken = draft();
    broken.steps[1]!.expected = "x +";
    const refused = await saveExercise(t.db, instructor, { exerciseId: id, exercise: broken });
    expect(refused).toMatchObject({ ok: false, status: 400, fieldErrors: { "steps[1].expected": [expect.any(String)] } });
  });

  it("creates a new version once the current one has attempts; old attempts keep their step", async () => {
    const v1 = await t.db.exercise.findUniqueOrThrow({ where: { id }, select: { currentVersion: { select: { steps: { select: { id: true, key: true } } } } } });
    const step = v1.currentVersion!.steps.find((s) => s.key === "dx")!;
    const attempt = await t.db.attempt.create({
      data: { userId: student.id, stepId: step.id, stepKey: "dx", exerciseId: id, answer: "2x+y", parsed: "2*x + y", verdict: "CORRECT", seed: 1 },
    });
    // Published: the edit is staged as the draft of version 2; students keep version 1 (issue 17 item 5).
    const saved = await saveExercise(t.db, instructor, { exerciseId: id, exercise: draft({ title: "Power rule, v2" }) });
    expect(saved).toMatchObject({ ok: true, version: 2, newVersion: true, staged: true });
    expect((await t.db.attempt.findUniqueOrThrow({ where: { id: attempt.id } })).stepId).toBe(step.id);
    expect((await t.db.exercise.findUniqueOrThrow({ where: { id } })).published).toBe(true);
    expect((await findExerciseBySlugCached(t.db, "power-rule"))?.currentVersion?.title).not.toBe("Power rule, v2");
    const editor = await getExerciseForEditor(t.db, instructor, { exerciseId: id });
    expect(editor).toMatchObject({ ok: true, exercise: { title: "Power rule, v2" }, meta: { version: 1, staged: { version: 2 }, versionCount: 2, previousVersion: null } });
    expect(editor.ok && editor.meta.staged?.changes).toEqual([expect.stringMatching(/^Title: .* → “Power rule, v2”$/)]);
    // Saving again replaces the draft (still version 2); publishing makes it what students see at once.
    expect(await saveExercise(t.db, instructor, { exerciseId: id, exercise: draft({ title: "Power rule, v2b" }) })).toMatchObject({ ok: true, version: 2, staged: true });
    expect(await publishStagedVersion(t.db, student, { exerciseId: id })).toMatchObject({ ok: false, status: 403 });
    expect(await publishStagedVersion(t.db, instructor, { exerciseId: id })).toMatchObject({ ok: true, version: 2 });
    expect((await findExerciseBySlugCached(t.db, "power-rule"))?.currentVersion?.title).toBe("Power rule, v2b");
    const published = await getExerciseForEditor(t.db, instructor, { exerciseId: id });
    expect(published).toMatchObject({ ok: true, meta: { version: 2, staged: null, versionCount: 2, attemptsTotal: 1, regradable: 1, previousVersion: 1 } });
    // Going back: version 1 is current again for students; then forward again by publishing a new draft.
    expect(await rollbackExercise(t.db, instructor, { exerciseId: id })).toMatchObject({ ok: true, version: 1 });
    expect((await findExerciseBySlugCached(t.db, "power-rule"))?.currentVersion?.version).toBe(1);
    expect(await rollbackExercise(t.db, instructor, { exerciseId: id })).toMatchObject({ ok: false, status: 409 });
    // A discarded draft leaves students on the current version.
    await saveExercise(t.db, instructor, { exerciseId: id, exercise: draft({ title: "Never shown" }) });
    expect(await discardStagedVersion(t.db, instructor, { exerciseId: id })).toEqual({ ok: true });
    expect((await findExerciseBySlugCached(t.db, "power-rule"))?.currentVersion?.version).toBe(1);
    expect(await discardStagedVersion(t.db, instructor, { exerciseId: id })).toMatchObject({ ok: false, status: 409 });
    // A published exercise keeps its address.
    expect(await saveExercise(t.db, instructor, { exerciseId: id, exercise: draft({ slug: "power-rule-2" }) })).toMatchObject({ ok: false, fieldErrors: { slug: [expect.any(String)] } });
    expect(await publishStagedVersion(t.db, instructor, { exerciseId: id })).toMatchObject({ ok: false, status: 409 });
  });

  it("previews a grade through the student's own core without recording anything", async () => {
    const before = await t.db.attempt.count();
    const preview = { preview: { exerciseId: id } };
    expect(await checkAnswer(t.db, instructor, { slug: "power-rule", stepKey: "dx", answer: "2x" }, preview)).toMatchObject({
      ok: true,
      verdict: "incorrect",
      feedback: "Do not forget the xy term.",
      recorded: false,
    });
    expect(await checkAnswer(t.db, instructor, { slug: "power-rule", stepKey: "dx", answer: "2x +" }, preview)).toMatchObject({ ok: true, verdict: "invalid" });
    // Students never preview: the exercise is "not available" to them in this mode.
    expect(await checkAnswer(t.db, student, { slug: "power-rule", stepKey: "dx", answer: "2x" }, preview)).toMatchObject({ ok: false, status: 404 });
    // A preview bound to one exercise cannot be pointed at another by slug.
    expect(await checkAnswer(t.db, instructor, { slug: "tanh-derivative", stepKey: "dx", answer: "2x" }, preview)).toMatchObject({ ok: false, status: 404 });
    expect(await t.db.attempt.count()).toBe(before);
    expect(await unpublishExercise(t.db, instructor, { exerciseId: id })).toMatchObject({ ok: true });
  });
});

describe("staged versions after review (issue 17 item 5)", () => {
  const fresh = async (slug: string) => {
    const created = await saveExercise(t.db, instructor, { exercise: draft({ slug, title: "v1" }) });
    if (!created.ok) throw new Error(created.formError);
    expect(await publishExercise(t.db, instructor, { exerciseId: created.exerciseId })).toMatchObject({ ok: true });
    return created.exerciseId;
  };
  const live = async (slug: string) => (await findExerciseBySlugCached(t.db, slug))?.currentVersion?.title;

  it("going back returns to the version students saw before the last publish, not the next-lower number", async () => {
    const id = await fresh("review-rollback");
    await saveExercise(t.db, instructor, { exerciseId: id, exercise: draft({ slug: "review-rollback", title: "v2 bad" }) });
    await publishStagedVersion(t.db, instructor, { exerciseId: id });
    expect(await rollbackExercise(t.db, instructor, { exerciseId: id })).toMatchObject({ ok: true, version: 1 });
    await saveExercise(t.db, instructor, { exerciseId: id, exercise: draft({ slug: "review-rollback", title: "v3 fixed" }) });
    expect(await publishStagedVersion(t.db, instructor, { exerciseId: id })).toMatchObject({ ok: true, version: 3 });
    expect(await rollbackExercise(t.db, instructor, { exerciseId: id })).toMatchObject({ ok: true, version: 1 });
    expect(await live("review-rollback")).toBe("v1");
  });

  it("unpublishing makes a staged draft current (nothing stale comes back on republish); a stale page's publish or discard is refused", async () => {
    const id = await fresh("review-unpublish");
    await saveExercise(t.db, instructor, { exerciseId: id, exercise: draft({ slug: "review-unpublish", title: "draft" }) });
    expect(await unpublishExercise(t.db, instructor, { exerciseId: id })).toEqual({ ok: true });
    expect(await t.db.exercise.findUniqueOrThrow({ where: { id } })).toMatchObject({ stagedVersionId: null, published: false });
    expect(await live("review-unpublish")).toBe("draft");
    expect(await publishExercise(t.db, instructor, { exerciseId: id })).toMatchObject({ ok: true });
    await saveExercise(t.db, instructor, { exerciseId: id, exercise: draft({ slug: "review-unpublish", title: "first draft" }) });
    const seen = (await t.db.exercise.findUniqueOrThrow({ where: { id } })).stagedVersionId!;
    await saveExercise(t.db, instructor, { exerciseId: id, exercise: draft({ slug: "review-unpublish", title: "second draft" }) });
    expect(await publishStagedVersion(t.db, instructor, { exerciseId: id, stagedVersionId: seen })).toMatchObject({ ok: false, status: 409 });
    expect(await discardStagedVersion(t.db, instructor, { exerciseId: id, stagedVersionId: seen })).toMatchObject({ ok: false, status: 409 });
    expect(await live("review-unpublish")).toBe("draft");
  });
});

describe("duplicateExercise (issue 17 item 9)", () => {
  it("copies the content into a new unpublished exercise of the instructor, at a free address", async () => {
    const source = await t.db.exercise.findUniqueOrThrow({ where: { slug: "tanh-derivative" } });
    const first = await duplicateExercise(t.db, instructor, { exerciseId: source.id });
    const second = await duplicateExercise(t.db, instructor, { exerciseId: source.id });
    if (!first.ok || !second.ok) throw new Error("duplicate refused");
    const copies = await t.db.exercise.findMany({ where: { id: { in: [first.exerciseId, second.exerciseId] } }, include: { currentVersion: { include: { steps: true } } } });
    expect(copies.map((c) => c.slug).sort()).toEqual(["tanh-derivative-copy", "tanh-derivative-copy-2"]);
    expect(copies.every((c) => !c.published && c.authorId === instructor.id && c.currentVersion?.title.endsWith("(copy)") && c.currentVersion.steps.length === 2)).toBe(true);
    expect(await duplicateExercise(t.db, student, { exerciseId: source.id })).toMatchObject({ ok: false, status: 403 });
  });
});

describe("the author's palette (issue 17 item 7)", () => {
  it("is stored with the version, returned to the editor and sent to the student's page; absent means automatic", async () => {
    const created = await saveExercise(t.db, instructor, { exercise: draft({ slug: "palette-choice", palette: ["tanh", "log"] }) });
    if (!created.ok) throw new Error(created.formError);
    const editor = await getExerciseForEditor(t.db, instructor, { exerciseId: created.exerciseId });
    expect(editor.ok && editor.exercise.palette).toEqual(["tanh", "log"]);
    expect((await getStudentExercise(t.db, "palette-choice"))?.palette).toEqual(["tanh", "log"]);
    await saveExercise(t.db, instructor, { exerciseId: created.exerciseId, exercise: draft({ slug: "palette-choice" }) });
    expect((await getStudentExercise(t.db, "palette-choice"))?.palette).toBeNull();
    expect((await saveExercise(t.db, instructor, { exercise: draft({ slug: "palette-bad", palette: ["cosh" as "tanh"] }) })).ok).toBe(false);
  });
});
