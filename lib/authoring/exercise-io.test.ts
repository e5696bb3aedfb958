import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { seedExercises } from "@/prisma/fixtures";
import { checkExerciseFile, exportCourse, exportExercise, importExerciseFile } from "./exercise-io";

let seeded: TestDb;
let empty: TestDb;
beforeAll(async () => {
  seeded = await createTestDb({ seeded: true });
  empty = await createTestDb();
});
afterAll(async () => {
  await seeded.cleanup();
  await empty.cleanup();
});

async function counts(t: TestDb) {
  const db = t.db;
  return {
    exercises: await db.exercise.count(),
    versions: await db.exerciseVersion.count(),
    variables: await db.exerciseVariable.count(),
    steps: await db.step.count(),
    hints: await db.hint.count(),
    mistakes: await db.knownMistake.count(),
    tests: await db.questionTest.count(),
    assignments: await db.assignment.count(),
  };
}

describe("export → import → export", () => {
  it.each(seedExercises.map((e) => e.slug))("is byte-identical for %s", async (slug) => {
    const first = await exportExercise(seeded.db, slug);
    // Every shipped exercise passes all authoring checks (it could be published from the editor).
    expect(checkExerciseFile(first)).toMatchObject({ ok: true, warnings: [] });
    const result = await importExerciseFile(empty.db, first, { authorId: null });
    expect(result).toMatchObject({ ok: true, imported: [{ slug }] });
    const second = await exportExercise(empty.db, slug);
    expect(second).toBe(first);
    // The file carries exactly the fixture (nothing lost, nothing invented).
    expect(JSON.parse(first).exercises[0]).toEqual(JSON.parse(JSON.stringify(seedExercises.find((e) => e.slug === slug))));
  });

  it("exports a whole course by title, in assignment order, deterministically", async () => {
    const course = await seeded.db.course.findFirstOrThrow();
    const byTitle = await exportCourse(seeded.db, course.title);
    const byId = await exportCourse(seeded.db, course.id);
    expect(byTitle).toBe(byId);
    const file = JSON.parse(byTitle);
    expect(file).toMatchObject({ format: "stepwise.exercises", version: 1 });
    expect(file.exercises.map((e: { slug: string }) => e.slug)).toEqual(seedExercises.map((e) => e.slug));
    // Keys in the documented order, not insertion accidents.
    expect(Object.keys(file.exercises[0])).toEqual(["slug", "title", "published", "statement", "variables", "steps"]);
  });
});

function fileWith(mutate: (exercise: Record<string, unknown> & { steps: Record<string, unknown>[] }) => void, slug = "imported-copy") {
  const exercise = JSON.parse(JSON.stringify(seedExercises[0]));
  exercise.slug = slug;
  mutate(exercise);
  return JSON.stringify({ format: "stepwise.exercises", version: 1, exercises: [exercise] });
}

describe("import of a malformed file", () => {
  it("names the JSON path of wrong types and changes nothing", async () => {
    const before = await counts(seeded);
    const text = fileWith((e) => {
      (e.steps[1] as Record<string, unknown>).attemptsBeforeSolution = "three";
      (e.variables as Record<string, unknown>[])[0] = { name: "z", range: ["-4", 4] };
      e.title = 42;
    });
    const result = await importExerciseFile(seeded.db, text, { authorId: null });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.errors.map((e) => e.path);
    expect(paths).toContain("exercises[0].steps[1].attemptsBeforeSolution");
    expect(paths).toContain("exercises[0].title");
    expect(paths.some((p) => p.startsWith("exercises[0].variables[0]"))).toBe(true);
    expect(await counts(seeded)).toEqual(before);
  });

  it("names the expression that uses an unknown variable", async () => {
    const before = await counts(seeded);
    const text = fileWith((e) => {
      e.steps[2]!.expected = "a - w";
    });
    const result = await importExerciseFile(seeded.db, text, { authorId: null });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = result.errors.find((e) => e.path === "exercises[0].steps[2].expected");
    expect(error?.message).toMatch(/\bw\b/);
    expect(await counts(seeded)).toEqual(before);
  });

  it("refuses a slug that exists already, or twice in the file, and writes none of the file", async () => {
    const before = await counts(seeded);
    const fresh = JSON.parse(fileWith(() => {}, "brand-new"));
    const existing = JSON.parse(fileWith(() => {}, "tanh-derivative"));
    const text = JSON.stringify({ ...fresh, exercises: [fresh.exercises[0], existing.exercises[0]] });
    const result = await importExerciseFile(seeded.db, text, { authorId: null });
    expect(result).toMatchObject({ ok: false, errors: [{ path: "exercises[1].slug", message: expect.stringMatching(/already exists/) }] });
    expect(await seeded.db.exercise.findUnique({ where: { slug: "brand-new" } })).toBeNull();

    const twice = JSON.stringify({ ...fresh, exercises: [fresh.exercises[0], fresh.exercises[0]] });
    const second = checkExerciseFile(twice);
    expect(second).toMatchObject({ ok: false, errors: [{ path: "exercises[1].slug", message: expect.stringMatching(/duplicate slug/) }] });
    expect(await counts(seeded)).toEqual(before);
  });

  it("reports wrong types, an unknown variable and a taken slug of one file together", async () => {
    const before = await counts(seeded);
    const a = JSON.parse(fileWith((e) => void ((e.steps[1] as Record<string, unknown>).attemptsBeforeSolution = "three"), "first-new")).exercises[0];
    const b = JSON.parse(fileWith((e) => void (e.steps[2]!.expected = "a - w"), "logistic-regression-gradient")).exercises[0];
    const result = await importExerciseFile(seeded.db, JSON.stringify({ format: "stepwise.exercises", version: 1, exercises: [a, b] }), { authorId: null });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.path).sort()).toEqual(["exercises[0].steps[1].attemptsBeforeSolution", "exercises[1].slug", "exercises[1].steps[2].expected"]);
    }
    expect(await counts(seeded)).toEqual(before);
  });

  it("rejects a file of another format or version, and non-JSON", () => {
    expect(checkExerciseFile("{ not json")).toMatchObject({ ok: false, errors: [{ path: "(file)" }] });
    const wrongVersion = checkExerciseFile(JSON.stringify({ format: "stepwise.exercises", version: 2, exercises: [] }));
    expect(wrongVersion.ok).toBe(false);
    if (!wrongVersion.ok) expect(wrongVersion.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["version", "exercises"]));
  });

  it("refuses a failing question test, naming the row", () => {
    let row = -1;
    const text = fileWith((e) => {
      row = (e.steps[2]!.tests as unknown[]).push({ answer: "y - a", verdict: "correct" }) - 1;
    });
    const result = checkExerciseFile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(`exercises[0].steps[2].tests[${row}]`);
  });

  it("imports a valid file into a course, assigned after the existing exercises", async () => {
    const course = await seeded.db.course.findFirstOrThrow();
    const result = await importExerciseFile(seeded.db, fileWith(() => {}, "course-copy"), { authorId: course.ownerId, courseId: course.id });
    expect(result.ok).toBe(true);
    const assignment = await seeded.db.assignment.findFirstOrThrow({ where: { exercise: { slug: "course-copy" } } });
    expect(assignment).toMatchObject({ courseId: course.id, position: seedExercises.length });
  });
});
