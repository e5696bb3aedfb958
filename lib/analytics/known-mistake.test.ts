import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { getCourseGradebook } from "@/lib/analytics/gradebook";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { addDemoActivity } from "@/scripts/demo-activity";
import { getExerciseAnalytics } from "@/lib/analytics/step-analytics";
import type { CurrentUser } from "@/lib/auth/types";
import { addKnownMistakeFromCluster } from "./known-mistake";
import { publishStagedVersion } from "@/lib/authoring/cores";
import { attemptsCsv, gradebookCsv, neutraliseCell, toCsv } from "./csv";

const asUser = (u: { id: string; email: string; name: string; role: "STUDENT" | "INSTRUCTOR" }): CurrentUser => ({ id: u.id, email: u.email, name: u.name, role: u.role });

describe("CSV cells", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    for (const bad of ["=1+1", "+cmd", "-y/a", "@SUM(A1)", "\tx", "\rx"]) expect(neutraliseCell(bad)).toBe(`'${bad}`);
    expect(neutraliseCell("a - y")).toBe("a - y");
    expect(neutraliseCell(-3)).toBe(-3);
    expect(neutraliseCell(null)).toBe("");
  });

  it("quotes commas, quotes and newlines", () => {
    expect(toCsv(["a", "b"], [['x, "y"', "line\nbreak"]])).toBe('a,b\r\n"x, ""y""","line\nbreak"\r\n');
  });
});

describe("analytics cores on a database with demo activity", () => {
  let t: TestDb;
  let courseId: string;
  let exerciseId: string;
  let instructor: CurrentUser;
  let student: CurrentUser;
  let otherInstructor: CurrentUser;

  beforeAll(async () => {
    t = await createTestDb({ seeded: true });
    await addDemoActivity(t.db, { now: new Date("2026-03-15T12:00:00Z") });
    courseId = (await t.db.course.findFirstOrThrow({ where: { joinCode: "DEMO-2026" } })).id;
    exerciseId = (await t.db.exercise.findUniqueOrThrow({ where: { slug: "logistic-regression-gradient" } })).id;
    instructor = asUser(await t.db.user.findUniqueOrThrow({ where: { email: "instructor@stepwise.test" } }));
    student = asUser(await t.db.user.findUniqueOrThrow({ where: { email: "student@stepwise.test" } }));
    otherInstructor = asUser(await t.db.user.create({ data: { email: "other@stepwise.test", name: "Other", role: "INSTRUCTOR", passwordHash: "x" } }));
  });
  afterAll(async () => t?.cleanup());

  it("gradebook CSV: header row and one row per enrolled student; only for the course owner", async () => {
    const r = await gradebookCsv(t.db, instructor, { courseId });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const lines = r.csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^Student,Email,Points,Points possible,Steps solved/);
    expect(lines).toHaveLength(1 + (await t.db.enrolment.count({ where: { courseId } })));
    expect(r.csv).toContain("sim01@stepwise.test");

    expect(await gradebookCsv(t.db, null, { courseId })).toMatchObject({ ok: false, status: 401 });
    expect(await gradebookCsv(t.db, student, { courseId })).toMatchObject({ ok: false, status: 403 });
    expect(await gradebookCsv(t.db, otherInstructor, { courseId })).toMatchObject({ ok: false, status: 403 });
  });

  it("gradebook CSV for Canvas and Moodle: points after the late policy, as the gradebook computes them", async () => {
    // 20 points and a cut-off one hour ago: every step solved before it keeps its points, later ones none.
    await t.db.assignment.update({
      where: { courseId_exerciseId: { courseId, exerciseId } },
      data: { points: 20, latePolicy: JSON.stringify({ kind: "cutoff" }), dueAt: new Date(Date.now() - 3600_000) },
    });
    const gradebook = (await getCourseGradebook(t.db, courseId))!;
    const column = gradebook.exercises.findIndex((e) => e.id === exerciseId);
    const canvas = await gradebookCsv(t.db, instructor, { courseId, format: "canvas" });
    if (!canvas.ok) throw new Error("canvas export refused");
    const rows = parse(canvas.csv) as string[][];
    expect(rows[0]!.slice(0, 5)).toEqual(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]);
    expect(rows[1]![0]).toBe("Points Possible");
    expect(Number(rows[1]![5 + column])).toBe(20);
    for (const row of gradebook.rows) {
      const line = rows.find((r) => r[3] === row.student.email)!;
      expect(Number(line[5 + column])).toBe(row.cells[column]!.points);
    }
    expect(gradebook.rows.some((r) => r.cells[column]!.latePenalty > 0) || gradebook.rows.every((r) => r.cells[column]!.lateSteps === 0)).toBe(true);
    const moodle = await gradebookCsv(t.db, instructor, { courseId, format: "moodle" });
    if (!moodle.ok) throw new Error("moodle export refused");
    const m = parse(moodle.csv) as string[][];
    expect(m[0]![0]).toBe("Email address");
    expect(m.length).toBe(1 + gradebook.rows.length);
    expect(await gradebookCsv(t.db, student, { courseId, format: "canvas" })).toMatchObject({ ok: false, status: 403 });
    // A layout that does not exist is refused by name, not answered in another layout.
    for (const bogus of ["bogus", "Canvas", "", 3]) {
      const refused = await gradebookCsv(t.db, instructor, { courseId, format: bogus });
      expect(refused, String(bogus)).toMatchObject({ ok: false, status: 400 });
      expect(refused.ok === false && refused.formError, String(bogus)).toMatch(/use stepwise, canvas, moodle/);
    }
  });

  it("attempts CSV: one row per attempt, answers starting with '-' neutralised", async () => {
    const r = await attemptsCsv(t.db, instructor, { courseId });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const lines = r.csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("Time,Student,Email,Exercise,Step,Answer,Read as,Verdict,Diagnosis,Feedback,Practice");
    expect(lines).toHaveLength(1 + (await t.db.attempt.count({ where: { courseId } })));
    expect(r.csv).not.toMatch(/,-y\/a/);
    expect(await attemptsCsv(t.db, otherInstructor, { courseId })).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses others, empty feedback, and a 'mistake' equal to the answer key", async () => {
    const input = { courseId, exerciseId, stepKey: "dL_da", expression: "1/a - 1/(1-a)", feedback: "Keep y." };
    expect(await addKnownMistakeFromCluster(t.db, null, input)).toMatchObject({ ok: false, status: 401 });
    expect(await addKnownMistakeFromCluster(t.db, student, input)).toMatchObject({ ok: false, status: 403 });
    expect(await addKnownMistakeFromCluster(t.db, otherInstructor, input)).toMatchObject({ ok: false, status: 403 });
    const empty = await addKnownMistakeFromCluster(t.db, instructor, { ...input, feedback: "  " });
    expect(empty).toMatchObject({ ok: false, status: 400 });
    expect(!empty.ok && empty.fieldErrors?.feedback?.length).toBeTruthy();
    const key = await addKnownMistakeFromCluster(t.db, instructor, { ...input, expression: "(a-y)/(a(1-a))" });
    expect(key).toMatchObject({ ok: false, status: 400 });
    expect(await t.db.exerciseVersion.count({ where: { exerciseId } })).toBe(1);
  });

  it("turns an unrecognised cluster into a known mistake: staged in the next version's draft, past attempts get the feedback on publish", async () => {
    const before = await getExerciseAnalytics(t.db, courseId, exerciseId);
    const cluster = before!.steps.find((s) => s.key === "dL_da")!.clusters.find((c) => c.knownMistake === null)!;
    expect(cluster).toBeDefined();
    const feedback = "You dropped y: the loss has y·log a and (1 − y)·log(1 − a), not log a and log(1 − a).";

    const r = await addKnownMistakeFromCluster(t.db, instructor, { courseId, exerciseId, stepKey: "dL_da", expression: cluster.representative.text, feedback });
    // The exercise is published: the mistake waits in the draft of version 2 (issue 17 item 5).
    expect(r).toMatchObject({ ok: true, version: 2, newVersion: true, staged: true, updatedAttempts: 0 });
    expect((await getExerciseAnalytics(t.db, courseId, exerciseId))!.exercise.version).toBe(1);
    expect((await t.db.attempt.findMany({ where: { id: { in: cluster.attemptIds } } })).some((a) => a.feedback === feedback)).toBe(false);
    expect(await publishStagedVersion(t.db, instructor, { exerciseId })).toEqual({ ok: true, version: 2, updatedAttempts: cluster.size });

    const updated = await t.db.attempt.findMany({ where: { id: { in: cluster.attemptIds } } });
    expect(updated.every((a) => a.feedback === feedback && a.diagnosis === "known-mistake" && a.mistakeId !== null)).toBe(true);
    const mistake = await t.db.knownMistake.findUniqueOrThrow({ where: { id: updated[0]!.mistakeId! } });
    expect(mistake.feedback).toBe(feedback);

    const after = await getExerciseAnalytics(t.db, courseId, exerciseId);
    expect(after!.exercise.version).toBe(2);
    const same = after!.steps.find((s) => s.key === "dL_da")!.clusters.find((c) => c.representative.text === cluster.representative.text);
    expect(same?.knownMistake?.feedback).toBe(feedback);
    // Other attempts keep their feedback.
    const untouched = await t.db.attempt.count({ where: { exerciseId, stepKey: "dL_da", verdict: "INCORRECT", NOT: { feedback } } });
    expect(untouched).toBeGreaterThan(0);
  });
});
