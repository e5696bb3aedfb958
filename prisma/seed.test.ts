import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { seed } from "./seed";
import { seedExercises } from "./fixtures";
import { findExerciseBySlug, getStudentExercise, toDefinition } from "@/lib/exercises/queries";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

describe("seed", () => {
  it("creates the demo data once and is idempotent", async () => {
    const first = await seed(t.db);
    expect(first.created.length).toBeGreaterThan(0);
    const counts = async () => ({
      users: await t.db.user.count(),
      courses: await t.db.course.count(),
      exercises: await t.db.exercise.count(),
      versions: await t.db.exerciseVersion.count(),
      steps: await t.db.step.count(),
      enrolments: await t.db.enrolment.count(),
      assignments: await t.db.assignment.count(),
    });
    const before = await counts();
    const second = await seed(t.db);
    expect(second.created).toEqual([]);
    expect(await counts()).toEqual(before);
    expect(before).toMatchObject({ users: 2, courses: 1, exercises: seedExercises.length, enrolments: 1 });
  });

  it("stores each exercise so that it reads back as the same definition", async () => {
    for (const definition of seedExercises) {
      const stored = await findExerciseBySlug(t.db, definition.slug);
      expect(stored?.currentVersion).toBeTruthy();
      expect(toDefinition(stored!.slug, stored!.published, stored!.currentVersion!)).toEqual(definition);
    }
  });

  it("the student view of an exercise carries no part of the answer key", async () => {
    const exercise = await getStudentExercise(t.db, "logistic-regression-gradient");
    expect(exercise?.steps.map((s) => s.key)).toEqual(["dL_da", "da_dz", "dL_dz"]);
    const json = JSON.stringify(exercise);
    const definition = seedExercises[0]!;
    // Text the author made public (statement, prompts) may contain a short mistake such as "1 - a".
    const publicText = [definition.statement, ...definition.steps.map((s) => s.prompt)].join("\n");
    for (const step of definition.steps) {
      expect(json).not.toContain(JSON.stringify(step.expected).slice(1, -1));
      for (const mistake of step.mistakes) {
        if (!publicText.includes(mistake.expression)) expect(json).not.toContain(mistake.expression);
      }
      for (const hint of step.hints) expect(json).not.toContain(JSON.stringify(hint).slice(1, -1));
      if (step.solution) expect(json).not.toContain(JSON.stringify(step.solution).slice(1, -1));
    }
  });
});
