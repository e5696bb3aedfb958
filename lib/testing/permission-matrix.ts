/**
 * The permission matrix: every server entry point (action core, route handler core, permission
 * check) tried as five personas, each cell against its own copy of one prepared database.
 *
 * To add your entry points, write rows in app/permissions.test.ts (or call runPermissionMatrix
 * from your own *.test.ts):
 *   { name: "export gradebook CSV", expect: only("instructorOfCourse"),
 *     run: ({ client, user, world }) => gradebookCsvCore(client, user, { courseId: world.course.id }) }
 * `run` returns whatever the core returns (ActionResult, Response, boolean, data or null) or throws
 * a redirect/notFound/AuthError; see classify() for what counts as allowed and denied.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/platform/prisma-client";
import { createTestDb, templateOf, type TestDb } from "@/lib/testing/test-db";
import { demoAccounts } from "@/prisma/fixtures";
import { createUser } from "@/lib/auth/users";
import { createCourse, enrol, upsertAssignment } from "@/lib/courses/queries";
import { createExercise } from "@/lib/exercises/queries";
import { seedExercises } from "@/prisma/fixtures";
import { AuthError } from "../auth/auth-error";
import type { CurrentUser } from "../auth/types";

export const PERSONAS = ["anonymous", "studentOfCourse", "studentOfOtherCourse", "instructorOfCourse", "otherInstructor"] as const;
export type Persona = (typeof PERSONAS)[number];
export type Expectation = "allowed" | "denied";

/** The prepared world: the seeded demo course (owned by the demo instructor, with the demo student
 * and both seed exercises assigned) and another instructor's course with its own student. */
export type World = {
  users: Record<Exclude<Persona, "anonymous">, CurrentUser>;
  course: { id: string; joinCode: string };
  otherCourse: { id: string; joinCode: string };
  /** Published, assigned to the demo course, authored by the demo instructor. */
  exercise: { id: string; slug: string };
  /** Published, assigned only to the other course, authored by the other instructor. */
  otherExercise: { id: string; slug: string };
  /** A graded attempt by the demo student in the demo course. */
  attempt: { id: string; userId: string; courseId: string };
};

export type CellContext = { client: PrismaClient; user: CurrentUser | null; persona: Persona; world: World };
/** `setup` prepares the cell's database before it is fingerprinted (a situation the row is about,
 * e.g. another course assigning the exercise); `run` is the call under test. */
export type MatrixRow = {
  name: string;
  expect: Record<Persona, Expectation>;
  setup?: (ctx: CellContext) => Promise<unknown>;
  run: (ctx: CellContext) => Promise<unknown>;
};

/** Expectation helpers: only these personas are allowed. */
export function only(...allowed: Persona[]): Record<Persona, Expectation> {
  return Object.fromEntries(PERSONAS.map((p) => [p, allowed.includes(p) ? "allowed" : "denied"])) as Record<Persona, Expectation>;
}
export const signedIn = () => only("studentOfCourse", "studentOfOtherCourse", "instructorOfCourse", "otherInstructor");
export const instructors = () => only("instructorOfCourse", "otherInstructor");

const FAILURE_KEYS = new Set(["ok", "status", "formError", "fieldErrors"]);

export type Outcome = { kind: "allowed" } | { kind: "denied" } | { kind: "bad"; reason: string };

/** Denied = 401/403/404 without data, a redirect or not-found, an AuthError, null or false.
 * Anything else that is a failure (400, 409, 500, other exceptions) is "bad": a denied persona
 * must be stopped by the permission check, not by luck in validation. */
export function classify(value: unknown, thrown: unknown, threw: boolean): Outcome {
  if (threw) {
    if (thrown instanceof AuthError) return { kind: "denied" };
    const digest = (thrown as { digest?: unknown } | null)?.digest;
    if (typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;40"))) {
      return { kind: "denied" };
    }
    return { kind: "bad", reason: `threw ${String(thrown)}` };
  }
  if (value === null || value === false) return { kind: "denied" };
  if (value instanceof Response) {
    if ([401, 403, 404].includes(value.status)) return { kind: "denied" };
    if (value.status >= 200 && value.status < 400) return { kind: "allowed" };
    return { kind: "bad", reason: `HTTP ${value.status}` };
  }
  if (typeof value === "object" && value !== null && "ok" in value) {
    const result = value as { ok: unknown; status?: unknown };
    if (result.ok === true) return { kind: "allowed" };
    const extra = Object.keys(value).filter((k) => !FAILURE_KEYS.has(k));
    if (extra.length) return { kind: "bad", reason: `failure carries data: ${extra.join(", ")}` };
    if (result.status === 401 || result.status === 403 || result.status === 404) return { kind: "denied" };
    return { kind: "bad", reason: `failure with status ${String(result.status)}: ${JSON.stringify(value)}` };
  }
  return { kind: "allowed" };
}

const DEMO_HASH_PASSWORD = "not-used-for-sign-in-here";

async function buildWorld(client: PrismaClient): Promise<World> {
  const byEmail = async (email: string) => {
    const u = await client.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true } });
    return u;
  };
  const instructorOfCourse = await byEmail(demoAccounts.instructor.email);
  const studentOfCourse = await byEmail(demoAccounts.student.email);
  const passwordHash = `$argon2id$placeholder$${DEMO_HASH_PASSWORD}`; // never verified in the matrix
  const otherInstructor = await createUser(client, { email: "other-instructor@stepwise.test", name: "Olga Other", passwordHash, role: "INSTRUCTOR" });
  const studentOfOtherCourse = await createUser(client, { email: "other-student@stepwise.test", name: "Otto Other", passwordHash, role: "STUDENT" });

  const course = await client.course.findFirstOrThrow({ where: { ownerId: instructorOfCourse.id } });
  const other = await createCourse(client, otherInstructor.id, { title: "Other course", description: "" });
  await enrol(client, studentOfOtherCourse.id, other.id);

  const exercise = await client.exercise.findFirstOrThrow({ where: { assignments: { some: { courseId: course.id } } }, orderBy: { createdAt: "asc" } });
  const base = seedExercises[1]!;
  const otherExercise = await client.$transaction((tx) =>
    createExercise(tx, { ...base, slug: "other-course-exercise" }, { authorId: otherInstructor.id, courseId: other.id }),
  );
  await upsertAssignment(client, other.id, otherExercise.id, null);

  const step = await client.step.findFirstOrThrow({ where: { versionId: exercise.currentVersionId! }, orderBy: { position: "asc" } });
  const attempt = await client.attempt.create({
    data: {
      userId: studentOfCourse.id,
      stepId: step.id,
      stepKey: step.key,
      exerciseId: exercise.id,
      courseId: course.id,
      answer: "x",
      parsed: "x",
      verdict: "INCORRECT",
      seed: 1,
    },
  });

  return {
    users: { studentOfCourse, studentOfOtherCourse, instructorOfCourse, otherInstructor },
    course: { id: course.id, joinCode: course.joinCode! },
    otherCourse: { id: other.id, joinCode: other.joinCode! },
    exercise: { id: exercise.id, slug: exercise.slug },
    otherExercise: { id: otherExercise.id, slug: otherExercise.slug },
    attempt: { id: attempt.id, userId: attempt.userId, courseId: course.id },
  };
}

/** Counts that a denied call must leave unchanged (rate-limit counters may move). */
async function fingerprint(client: PrismaClient) {
  const [users, courses, enrolments, assignments, invitations, sessions, attempts, exercises, versions, drafts, codes] = await Promise.all([
    client.user.count(),
    client.course.count(),
    client.enrolment.count(),
    client.assignment.count(),
    client.invitation.count(),
    client.session.count(),
    client.attempt.count(),
    client.exercise.count(),
    client.exerciseVersion.count(),
    client.draft.count(),
    client.course.findMany({ select: { id: true, joinCode: true, title: true }, orderBy: { id: "asc" } }),
  ]);
  const dueDates = await client.assignment.findMany({ select: { id: true, dueAt: true }, orderBy: { id: "asc" } });
  // What authoring, analytics and the student's reveals change.
  const [published, currentVersions, knownMistakes, hintReveals, solutionReveals, progress, graded] = await Promise.all([
    client.exercise.findMany({ select: { id: true, published: true }, orderBy: { id: "asc" } }),
    client.exercise.findMany({ select: { id: true, currentVersionId: true }, orderBy: { id: "asc" } }),
    client.knownMistake.count(),
    client.hintReveal.count(),
    client.solutionReveal.count(),
    client.stepProgress.count(),
    client.attempt.findMany({ select: { id: true, verdict: true, feedback: true, stepId: true, regradedAt: true }, orderBy: { id: "asc" } }),
  ]);
  return {
    users, courses, enrolments, assignments, invitations, sessions, attempts, exercises, versions, drafts, codes, dueDates,
    published, currentVersions, knownMistakes, hintReveals, solutionReveals, progress, graded,
  };
}

/** Registers one test per row × persona. Each cell gets a fresh copy of the prepared database. */
export function runPermissionMatrix(title: string, rows: MatrixRow[]) {
  describe(title, () => {
    let copy: () => Promise<TestDb>;
    let world: World;
    let cleanupTemplate: () => Promise<void> = async () => {};

    beforeAll(async () => {
      const t = await createTestDb({ seeded: true });
      world = await buildWorld(t.db);
      copy = await templateOf(t);
      cleanupTemplate = t.cleanup;
    });
    afterAll(() => cleanupTemplate());

    for (const row of rows) {
      describe(row.name, () => {
        for (const persona of PERSONAS) {
          const expected = row.expect[persona];
          it(`${persona}: ${expected}`, async () => {
            const cell = await copy();
            const client = cell.db;
            try {
              const user = persona === "anonymous" ? null : world.users[persona];
              if (row.setup) await row.setup({ client, user, persona, world });
              const before = await fingerprint(client);
              let value: unknown;
              let thrown: unknown;
              let threw = false;
              try {
                value = await row.run({ client, user, persona, world });
              } catch (error) {
                thrown = error;
                threw = true;
              }
              const outcome = classify(value, thrown, threw);
              expect(outcome, JSON.stringify(outcome)).toEqual({ kind: expected });
              if (expected === "denied") expect(await fingerprint(client)).toEqual(before);
            } finally {
              await cell.cleanup();
            }
          });
        }
      });
    }
  });
}
