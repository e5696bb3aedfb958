import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { assignExercise, changeJoinCode, createCourse, grantExtension, joinCourse, removeStudent, unassignExercise } from "./cores";
import { listAssignedExercises } from "@/lib/courses/queries";
import { exerciseAccess } from "@/lib/auth/policy";
import type { CurrentUser } from "@/lib/auth/types";
import { createExercise } from "@/lib/exercises/queries";
import { seedExercises } from "@/prisma/fixtures";

let t: TestDb;
let instructor: CurrentUser;
let student: CurrentUser;
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  const pick = { id: true, email: true, name: true, role: true } as const;
  instructor = await t.db.user.findFirstOrThrow({ where: { role: "INSTRUCTOR" }, select: pick });
  student = await t.db.user.findFirstOrThrow({ where: { role: "STUDENT" }, select: pick });
});
afterAll(() => t.cleanup());

describe("course commands", () => {
  it("creates a course with a readable join code that a student can use, then regenerates and revokes it", async () => {
    const created = await createCourse(t.db, instructor, { title: "  Linear models  ", description: "" });
    if (!created.ok) throw new Error(created.formError);
    const course = await t.db.course.findUniqueOrThrow({ where: { id: created.courseId } });
    expect(course.title).toBe("Linear models");
    expect(course.joinCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    expect(await joinCourse(t.db, student, { joinCode: course.joinCode!.toLowerCase() })).toMatchObject({ ok: true, courseId: course.id });

    const regenerated = await changeJoinCode(t.db, instructor, { courseId: course.id }, "regenerate");
    expect(regenerated.ok && regenerated.joinCode).not.toBe(course.joinCode);
    expect(await joinCourse(t.db, student, { joinCode: course.joinCode! })).toMatchObject({ ok: false, fieldErrors: { joinCode: expect.any(Array) } });

    expect(await changeJoinCode(t.db, instructor, { courseId: course.id }, "revoke")).toEqual({ ok: true, joinCode: null });
    expect(await joinCourse(t.db, student, { joinCode: "" })).toMatchObject({ ok: false, status: 400 });
  });

  it("assigns with a local due date, and a student sees only published exercises assigned in their courses", async () => {
    const course = await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } });
    const exercise = await t.db.exercise.findFirstOrThrow({ where: { slug: "tanh-derivative" } });
    // 09:30 in UTC+2 (getTimezoneOffset() = -120) is 07:30 UTC.
    expect(await assignExercise(t.db, instructor, { courseId: course.id, exerciseId: exercise.id, dueAt: "2030-01-15T09:30", tzOffset: "-120" })).toEqual({ ok: true });
    const assignment = await t.db.assignment.findUniqueOrThrow({ where: { courseId_exerciseId: { courseId: course.id, exerciseId: exercise.id } } });
    expect(assignment.dueAt?.toISOString()).toBe("2030-01-15T07:30:00.000Z");
    // Issue #13 items 2/3: access also says whether keys are visible at once (editors only) and whether work is recorded (enrolled).
    expect(await exerciseAccess(t.db, student, exercise.id)).toEqual({ courseId: course.id, dueAt: assignment.dueAt, seesKey: false, enrolled: true });

    expect(await assignExercise(t.db, instructor, { courseId: course.id, exerciseId: exercise.id, dueAt: "tomorrow" })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { dueAt: expect.any(Array) },
    });
    // The right shape but no real date: a field error, not a database error (500).
    for (const dueAt of ["2030-13-45T99:99", "9999-99-99T00:00"]) {
      expect(await assignExercise(t.db, instructor, { courseId: course.id, exerciseId: exercise.id, dueAt })).toMatchObject({
        ok: false,
        status: 400,
        fieldErrors: { dueAt: expect.any(Array) },
      });
    }

    await t.db.exercise.update({ where: { id: exercise.id }, data: { published: false } });
    expect(await exerciseAccess(t.db, student, exercise.id)).toBeNull();
    expect((await listAssignedExercises(t.db, student.id)).map((a) => a.exercise.slug)).not.toContain("tanh-derivative");
    expect(await exerciseAccess(t.db, instructor, exercise.id)).not.toBeNull();
    await t.db.exercise.update({ where: { id: exercise.id }, data: { published: true } });

    expect(await unassignExercise(t.db, instructor, { courseId: course.id, exerciseId: exercise.id })).toEqual({ ok: true });
    expect(await exerciseAccess(t.db, student, exercise.id)).toBeNull();
  });

  it("another instructor's unpublished draft cannot be assigned", async () => {
    const other = await t.db.user.create({ data: { email: "o@stepwise.test", name: "O", passwordHash: "x", role: "INSTRUCTOR" } });
    const draft = await createExercise(t.db, { ...seedExercises[1]!, slug: "someone-elses-draft", published: false }, { authorId: other.id });
    const ownDraft = await createExercise(t.db, { ...seedExercises[1]!, slug: "own-draft", published: false }, { authorId: instructor.id });
    const course = await t.db.course.findFirstOrThrow({ where: { ownerId: instructor.id } });
    expect(await assignExercise(t.db, instructor, { courseId: course.id, exerciseId: draft.id })).toMatchObject({ ok: false, status: 403 });
    expect(await assignExercise(t.db, instructor, { courseId: course.id, exerciseId: ownDraft.id })).toEqual({ ok: true });
  });

  it("removing a student ends their access to the course's exercises", async () => {
    const course = await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } });
    const exercise = await t.db.exercise.findFirstOrThrow({ where: { slug: "logistic-regression-gradient" } });
    expect(await exerciseAccess(t.db, student, exercise.id)).not.toBeNull();
    expect(await removeStudent(t.db, instructor, { courseId: course.id, studentId: student.id })).toEqual({ ok: true });
    expect(await exerciseAccess(t.db, student, exercise.id)).toBeNull();
    expect(await removeStudent(t.db, instructor, { courseId: course.id, studentId: student.id })).toMatchObject({ ok: false, status: 404 });
  });

  it("throttles guessing join codes", async () => {
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await joinCourse(t.db, student, { joinCode: `GUESS-${i}` }));
    expect(results.at(-1)).toMatchObject({ ok: false, status: 429, formError: expect.stringMatching(/Try again in \d+ s/) });
  });
});

describe("points, late policies and extensions (issue 17 item 8)", () => {
  it("stores points and a per-day policy, refuses a per-day policy without its numbers, and keeps an extension per student", async () => {
    const t2 = await createTestDb({ seeded: true });
    try {
      const owner = await t2.db.user.findUniqueOrThrow({ where: { email: "instructor@stepwise.test" } });
      const me = { id: owner.id, email: owner.email, name: owner.name, role: "INSTRUCTOR" as const };
      const course = await t2.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } });
      const exercise = await t2.db.exercise.findUniqueOrThrow({ where: { slug: "logistic-regression-gradient" } });
      const ok = await assignExercise(t2.db, me, { courseId: course.id, exerciseId: exercise.id, points: "20", lateKind: "per-day", percentPerDay: "10", maxPercent: "50" });
      expect(ok).toEqual({ ok: true });
      const stored = await t2.db.assignment.findUniqueOrThrow({ where: { courseId_exerciseId: { courseId: course.id, exerciseId: exercise.id } } });
      expect(stored.points).toBe(20);
      expect(JSON.parse(stored.latePolicy!)).toEqual({ kind: "per-day", percentPerDay: 10, maxPercent: 50 });
      const missing = await assignExercise(t2.db, me, { courseId: course.id, exerciseId: exercise.id, lateKind: "per-day" });
      expect(missing).toMatchObject({ ok: false, fieldErrors: { percentPerDay: [expect.any(String)], maxPercent: [expect.any(String)] } });
      expect(await assignExercise(t2.db, me, { courseId: course.id, exerciseId: exercise.id, points: "-1" })).toMatchObject({ ok: false });

      const student = await t2.db.user.findUniqueOrThrow({ where: { email: "student@stepwise.test" } });
      const input = { courseId: course.id, exerciseId: exercise.id, studentId: student.id, dueAt: "2030-02-01T09:00", tzOffset: "0" };
      expect(await grantExtension(t2.db, me, input)).toEqual({ ok: true });
      expect((await t2.db.extension.findFirstOrThrow({ where: { userId: student.id } })).dueAt).toEqual(new Date("2030-02-01T09:00:00Z"));
      // The student's own due date everywhere access is decided (the solution's opening, "overdue").
      const asStudent = { id: student.id, email: student.email, name: student.name, role: "STUDENT" as const };
      expect((await exerciseAccess(t2.db, asStudent, exercise.id, course.id))?.dueAt).toEqual(new Date("2030-02-01T09:00:00Z"));
      expect(await grantExtension(t2.db, me, { ...input, dueAt: "" })).toEqual({ ok: true });
      expect(await t2.db.extension.count({ where: { userId: student.id } })).toBe(0);
      expect(await grantExtension(t2.db, me, { ...input, studentId: owner.id })).toMatchObject({ ok: false, status: 404 });
      expect(await grantExtension(t2.db, me, { ...input, dueAt: "2030-13-45T99:99" })).toMatchObject({ ok: false, fieldErrors: { dueAt: [expect.any(String)] } });
      // Dates that don't exist are refused, not rolled over (Feb 30 → Mar 2; a new-user trial found it).
      for (const dueAt of ["2030-02-30T10:00", "2031-02-29T00:00", "2030-04-31T12:00", "2030-01-01T24:00"]) {
        expect(await grantExtension(t2.db, me, { ...input, dueAt })).toMatchObject({ ok: false, fieldErrors: { dueAt: [expect.any(String)] } });
        expect(await assignExercise(t2.db, me, { courseId: course.id, exerciseId: exercise.id, dueAt })).toMatchObject({ ok: false, fieldErrors: { dueAt: [expect.any(String)] } });
      }
      expect(await grantExtension(t2.db, me, { ...input, dueAt: "2032-02-29T23:59" })).toEqual({ ok: true });
    } finally {
      await t2.cleanup();
    }
  });
});
