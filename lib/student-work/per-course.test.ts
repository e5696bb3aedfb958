/**
 * Issue #13 items 2 and 3: access, due dates, reveals and attempts belong to the course the
 * student works in; solutions and keys are visible at once only to the exercise's editors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { checkAnswer, revealSolution } from "./cores";
import type { CurrentUser } from "@/lib/auth/types";
import { demoAccounts } from "@/prisma/fixtures";
import { createCourse, enrol, setExtension, upsertAssignment } from "@/lib/courses/queries";
import { getStudentProgress } from "./progress";
import { createUser } from "@/lib/auth/users";

const SLUG = "logistic-regression-gradient";
let t: TestDb;
let courseA: string;
let exerciseId: string;
let instructorB: CurrentUser;
let courseB: string;

async function newStudentOfA(label: string): Promise<CurrentUser> {
  const user = await t.db.user.create({
    data: { email: `${label}-${Math.random().toString(36).slice(2)}@test.local`, name: label, passwordHash: "x", enrolments: { create: { courseId: courseA } } },
  });
  return { id: user.id, email: user.email, name: user.name, role: "STUDENT" };
}

beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  courseA = (await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } })).id;
  exerciseId = (await t.db.exercise.findUniqueOrThrow({ where: { slug: SLUG } })).id;
  // Instructor B assigns A's published exercise to B's own course, due yesterday.
  const b = await createUser(t.db, { email: "b@test.local", name: "B", passwordHash: "x", role: "INSTRUCTOR" });
  instructorB = { id: b.id, email: b.email, name: b.name, role: "INSTRUCTOR" };
  courseB = (await createCourse(t.db, b.id, { title: "B's course", description: "" })).id;
  await upsertAssignment(t.db, courseB, exerciseId, new Date(Date.now() - 24 * 3600 * 1000));
});
afterAll(() => t.cleanup());

describe("another course's due date (item 2)", () => {
  it("does not unlock the worked solution in the student's own course, and checks are filed under the course named", async () => {
    const student = await newStudentOfA("joiner");
    await enrol(t.db, student.id, courseB);

    // Working in course A: A has no due date and the student has no attempts: no solution.
    expect(await revealSolution(t.db, student, { slug: SLUG, stepKey: "dL_da", courseId: courseA })).toMatchObject({ ok: false, status: 403 });
    // Without a course the choice is ambiguous (two courses assign it): refused, never B's due date.
    const unnamed = await revealSolution(t.db, student, { slug: SLUG, stepKey: "dL_da" });
    expect(unnamed.ok).toBe(false);

    const check = await checkAnswer(t.db, student, { slug: SLUG, stepKey: "dL_da", answer: "a", courseId: courseA });
    expect(check).toMatchObject({ ok: true, verdict: "incorrect", solutionAvailable: false, recorded: true });
    const attempts = await t.db.attempt.findMany({ where: { userId: student.id } });
    expect(attempts.map((a) => a.courseId)).toEqual([courseA]);

    // In course B, B's due date applies; the reveal belongs to B and does not open A's.
    expect(await revealSolution(t.db, student, { slug: SLUG, stepKey: "dL_da", courseId: courseB })).toMatchObject({ ok: true });
    expect(await revealSolution(t.db, student, { slug: SLUG, stepKey: "dL_da", courseId: courseA })).toMatchObject({ ok: false, status: 403 });
    expect(await t.db.solutionReveal.findMany({ where: { userId: student.id }, select: { courseId: true } })).toEqual([{ courseId: courseB }]);
  });

  it("counts only the course's own incorrect attempts towards its solution threshold", async () => {
    const student = await newStudentOfA("counter");
    await enrol(t.db, student.id, courseB);
    for (let i = 0; i < 3; i++) await checkAnswer(t.db, student, { slug: SLUG, stepKey: "da_dz", answer: `z + ${i}`, courseId: courseB });
    expect(await revealSolution(t.db, student, { slug: SLUG, stepKey: "da_dz", courseId: courseA })).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses a course the student is not in, or one that does not assign the exercise", async () => {
    const student = await newStudentOfA("outsider");
    expect(await checkAnswer(t.db, student, { slug: SLUG, stepKey: "dL_da", answer: "a", courseId: courseB })).toMatchObject({ ok: false, status: 404 });
    const empty = (await createCourse(t.db, instructorB.id, { title: "Empty", description: "" })).id;
    await enrol(t.db, student.id, empty);
    expect(await checkAnswer(t.db, student, { slug: SLUG, stepKey: "dL_da", answer: "a", courseId: empty })).toMatchObject({ ok: false, status: 404 });
    expect(await t.db.attempt.count({ where: { userId: student.id } })).toBe(0);
  });
});

describe("who reads a published key (item 3)", () => {
  it("an instructor assigning someone else's exercise sees no solution before their course's due date", async () => {
    const c = await createUser(t.db, { email: "c@test.local", name: "C", passwordHash: "x", role: "INSTRUCTOR" });
    const instructorC: CurrentUser = { id: c.id, email: c.email, name: c.name, role: "INSTRUCTOR" };
    const courseC = (await createCourse(t.db, c.id, { title: "C's course", description: "" })).id;
    await upsertAssignment(t.db, courseC, exerciseId, new Date(Date.now() + 7 * 24 * 3600 * 1000));
    expect(await revealSolution(t.db, instructorC, { slug: SLUG, stepKey: "dL_da", courseId: courseC })).toMatchObject({ ok: false, status: 403 });
    expect(await revealSolution(t.db, instructorC, { slug: SLUG, stepKey: "dL_da" })).toMatchObject({ ok: false });
    const check = await checkAnswer(t.db, instructorC, { slug: SLUG, stepKey: "dL_da", answer: "a", courseId: courseC });
    expect(check).toMatchObject({ ok: true, solutionAvailable: false, recorded: false });
    // After the course's due date, like its students.
    await upsertAssignment(t.db, courseC, exerciseId, new Date(Date.now() - 1000));
    expect(await revealSolution(t.db, instructorC, { slug: SLUG, stepKey: "dL_da", courseId: courseC })).toMatchObject({ ok: true });
  });

  it("an instructor who joins a course as a student is a student there: no solution at once, work recorded", async () => {
    const d = await createUser(t.db, { email: "d@test.local", name: "D", passwordHash: "x", role: "INSTRUCTOR" });
    const instructorD: CurrentUser = { id: d.id, email: d.email, name: d.name, role: "INSTRUCTOR" };
    await enrol(t.db, d.id, courseA);
    expect(await revealSolution(t.db, instructorD, { slug: SLUG, stepKey: "dL_da", courseId: courseA })).toMatchObject({ ok: false, status: 403 });
    expect(await checkAnswer(t.db, instructorD, { slug: SLUG, stepKey: "dL_da", answer: "a", courseId: courseA })).toMatchObject({
      ok: true,
      recorded: true,
      solutionAvailable: false,
    });
  });

  it("the exercise's author sees the solution at once", async () => {
    const author = await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.instructor.email } });
    const me: CurrentUser = { id: author.id, email: author.email, name: author.name, role: "INSTRUCTOR" };
    expect(await revealSolution(t.db, me, { slug: SLUG, stepKey: "dL_da" })).toMatchObject({ ok: true });
    expect(await revealSolution(t.db, me, { slug: SLUG, stepKey: "dL_da", courseId: courseA })).toMatchObject({ ok: true });
  });
});

describe("a student's extension (issue 17 item 8)", () => {
  it("is the due date their progress shows for that course, and only theirs", async () => {
    const extended = await newStudentOfA("extended");
    const other = await newStudentOfA("other");
    const assignedDue = new Date("2031-03-01T12:00:00Z");
    const extendedDue = new Date("2031-03-08T12:00:00Z");
    await upsertAssignment(t.db, courseA, exerciseId, assignedDue);
    await setExtension(t.db, { courseId: courseA, exerciseId, userId: extended.id, dueAt: extendedDue });
    const dueFor = async (userId: string) =>
      (await getStudentProgress(t.db, userId, new Date(), courseA)).courses[0]?.exercises.find((e) => e.exerciseId === exerciseId)?.dueAt;
    expect(await dueFor(extended.id)).toEqual(extendedDue);
    expect(await dueFor(other.id)).toEqual(assignedDue);
  });
});
