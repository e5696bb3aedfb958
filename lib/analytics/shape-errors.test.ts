import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { checkAnswer } from "@/lib/student-work/cores";
import { getExerciseAnalytics, summariseShapeErrors } from "./step-analytics";

const SLUG = "vectorised-logistic-regression";
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
});
afterAll(() => t.cleanup());

describe("shape errors for the instructor (issue 15)", () => {
  it("a non-conformable matrix answer costs nothing but is counted per step in the course's analytics", async () => {
    const course = await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } });
    const u = await t.db.user.create({ data: { email: "shape@test.local", name: "s", passwordHash: "x", enrolments: { create: { courseId: course.id } } } });
    const me = { id: u.id, email: u.email, name: u.name, role: "STUDENT" as const };
    const r = await checkAnswer(t.db, me, { slug: SLUG, stepKey: "Z", answer: "w X + b" });
    expect(r).toMatchObject({ ok: true, verdict: "invalid" });
    await checkAnswer(t.db, me, { slug: SLUG, stepKey: "Z", answer: "w X + b" });
    expect(await t.db.attempt.count({ where: { userId: u.id } })).toBe(0);
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: SLUG } });
    const analytics = await getExerciseAnalytics(t.db, course.id, exercise.id);
    const z = analytics!.steps.find((s) => s.key === "Z")!;
    expect(z.shapeErrors).toMatchObject({ students: 1, events: 2 });
    expect(z.shapeErrors.messages[0]!.message).toMatch(/can't be multiplied as matrices/);
    // An ordinary invalid input (not a shape error) is not counted.
    await checkAnswer(t.db, me, { slug: SLUG, stepKey: "Z", answer: "w -* X" });
    expect(await t.db.shapeErrorEvent.count({ where: { userId: u.id } })).toBe(2);
  });

  it("summarises by message, most frequent first", () => {
    expect(summariseShapeErrors([{ userId: "a", message: "m1" }, { userId: "b", message: "m2" }, { userId: "b", message: "m2" }])).toEqual({
      students: 2,
      events: 3,
      messages: [
        { message: "m2", count: 2 },
        { message: "m1", count: 1 },
      ],
    });
  });
});
