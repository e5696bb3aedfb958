/** The instructor's list of a course's attempts (drill-down per student, attempts CSV). */
import { z } from "zod";
import type { Db } from "@/lib/platform/db-client";
import { describeParameters, drawParameters, forValidation } from "@/lib/exercises/parameters";
import { toVariableDefinition } from "@/lib/exercises/queries";
import { parseExpression, parseOptionsFor, type ParseOptions } from "@/lib/grading";

export type AttemptListItem = {
  id: string;
  createdAt: Date;
  studentName: string;
  studentEmail: string;
  userId: string;
  exerciseSlug: string;
  exerciseTitle: string;
  stepKey: string;
  stepTitle: string;
  answer: string;
  /** Canonical form stored with the attempt. */
  parsed: string;
  /** KaTeX source of how the answer was read (empty if it no longer parses). */
  latex: string;
  verdict: "CORRECT" | "INCORRECT" | "INVALID" | "CARRIED_FORWARD";
  feedback: string;
  diagnosis: string | null;
  /** A check after the step was solved: shown, never counted (issue 17 item 4). */
  practice: boolean;
};

/** Attempts made in the course, oldest first; optionally for one student. One query. */
export async function listCourseAttempts(client: Db, courseId: string, options: { userId?: string } = {}): Promise<AttemptListItem[]> {
  const rows = await client.attempt.findMany({
    where: { courseId, ...(options.userId ? { userId: options.userId } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      createdAt: true,
      userId: true,
      stepKey: true,
      answer: true,
      parsed: true,
      verdict: true,
      feedback: true,
      diagnosis: true,
      practice: true,
      user: { select: { name: true, email: true } },
      step: {
        select: {
          title: true,
          version: { select: { id: true, title: true, exercise: { select: { slug: true } }, variables: { orderBy: { position: "asc" }, select: { name: true, rangeMin: true, rangeMax: true, definition: true, parameterValues: true, spec: true, description: true } } } },
        },
      },
    },
  });
  // Parse options per version: a matrix exercise's answers are read with their shapes and display names.
  const optionsOf = new Map<string, ParseOptions>();
  return rows.map((r) => {
    let options = optionsOf.get(r.step.version.id);
    if (options === undefined) {
      options = parseOptionsFor(forValidation(r.step.version.variables.map(toVariableDefinition)));
      optionsOf.set(r.step.version.id, options);
    }
    const parsed = parseExpression(r.answer, options);
    return {
      id: r.id,
      createdAt: r.createdAt,
      studentName: r.user.name,
      studentEmail: r.user.email,
      userId: r.userId,
      exerciseSlug: r.step.version.exercise.slug,
      exerciseTitle: r.step.version.title,
      stepKey: r.stepKey,
      stepTitle: r.step.title,
      answer: r.answer,
      parsed: r.parsed,
      latex: parsed.ok ? parsed.latex : "",
      verdict: r.verdict,
      feedback: r.feedback,
      diagnosis: r.diagnosis,
      practice: r.practice,
    };
  });
}

/** A hint or worked-solution reveal, for the instructor's per-student timeline (issue 17 item 2). */
export type HelpEvent = { kind: "hint" | "solution"; createdAt: Date; exerciseTitle: string; stepKey: string; stepTitle: string; hintNumber: number | null };

/**
 * One student's hint and solution reveals in the exercises a course assigns, oldest first. Solution
 * reveals belong to a course (SolutionReveal.courseId) and only this course's are listed; hints are
 * per exercise, so a hint revealed while working in another course that assigns the same exercise
 * is listed too. Step titles come from the exercise's current version (a key no longer there shows
 * as its key). Three queries.
 */
export async function listStudentHelpEvents(client: Db, courseId: string, userId: string): Promise<HelpEvent[]> {
  const assignments = await client.assignment.findMany({
    where: { courseId },
    select: { exercise: { select: { id: true, currentVersion: { select: { title: true, steps: { select: { key: true, title: true } } } } } } },
  });
  const exercises = new Map(assignments.map((a) => [a.exercise.id, a.exercise.currentVersion]));
  const ids = [...exercises.keys()];
  if (ids.length === 0) return [];
  const [hints, solutions] = await Promise.all([
    client.hintReveal.findMany({ where: { userId, exerciseId: { in: ids } }, select: { exerciseId: true, stepKey: true, hintIndex: true, createdAt: true } }),
    client.solutionReveal.findMany({ where: { userId, courseId, exerciseId: { in: ids } }, select: { exerciseId: true, stepKey: true, createdAt: true } }),
  ]);
  const describe = (exerciseId: string, stepKey: string) => {
    const version = exercises.get(exerciseId);
    return { exerciseTitle: version?.title ?? "", stepKey, stepTitle: version?.steps.find((s) => s.key === stepKey)?.title ?? "" };
  };
  return [
    ...hints.map((h): HelpEvent => ({ kind: "hint", createdAt: h.createdAt, hintNumber: h.hintIndex + 1, ...describe(h.exerciseId, h.stepKey) })),
    ...solutions.map((s): HelpEvent => ({ kind: "solution", createdAt: s.createdAt, hintNumber: null, ...describe(s.exerciseId, s.stepKey) })),
  ].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * The per-student parameters one student has in the course's exercises ("lam = 0.2"), for the
 * instructor's drill-down: the same deterministic draw the student's page and grading use.
 */
export async function studentParametersInCourse(client: Db, courseId: string, userId: string): Promise<{ exerciseTitle: string; parameters: string }[]> {
  const assignments = await client.assignment.findMany({
    where: { courseId, exercise: { currentVersion: { variables: { some: { parameterValues: { not: null } } } } } },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { exercise: { select: { id: true, currentVersion: { select: { title: true, variables: { select: { name: true, parameterValues: true } } } } } } },
  });
  return assignments.flatMap(({ exercise }) => {
    const version = exercise.currentVersion;
    if (!version) return [];
    const variables = version.variables.flatMap((v) => (v.parameterValues === null ? [] : [{ name: v.name, parameter: z.array(z.number()).parse(JSON.parse(v.parameterValues)) }]));
    return [{ exerciseTitle: version.title, parameters: describeParameters(drawParameters(variables, exercise.id, userId)) }];
  });
}
