/** Per-step analytics of one exercise in one course: outcomes, attempts to solve, clusters of wrong answers. */
import type { Db } from "@/lib/platform/db-client";
import { findExerciseBySlug, toDefinition, toVariableDefinition } from "@/lib/exercises/queries";
import { clusterWrongAnswers, type AnswerCluster } from "@/lib/analytics/cluster";
import type { KnownMistake, Variable } from "@/lib/grading";
import { describeParameters, drawParameters, forValidation, hasParameters, withParameters } from "@/lib/exercises/parameters";

export type StepAttemptRow = {
  id: string;
  userId: string;
  stepKey: string;
  verdict: "CORRECT" | "INCORRECT" | "INVALID" | "CARRIED_FORWARD";
  answer: string;
  parsed: string;
  diagnosis: string | null;
  createdAt: Date;
  /** A check after the step was solved (issue 17 item 4): not an attempt, left out of every figure here. */
  practice?: boolean;
};

export type StepAnalytics = {
  key: string;
  title: string;
  position: number;
  /** Students with at least one graded attempt. */
  tried: number;
  solved: number;
  /** Share of students who tried whose first attempt was correct (0–1), null when nobody tried. */
  firstTryCorrect: number | null;
  /** Median number of attempts up to and including the first correct one, over students who solved it. */
  medianAttemptsToCorrect: number | null;
  hintStudents: number;
  hintReveals: number;
  solutionReveals: number;
  /** Attempts by outcome; carriedForward = right method on the student's own wrong earlier answers. */
  verdicts: { correct: number; carriedForward: number; knownMistake: number; otherIncorrect: number };
  /**
   * Students by where they stand (each student who tried counted once, so the four-plus-one sum to
   * `tried`): solved by themselves, solved only after revealing the worked solution, or not solved
   * with their latest answer carried forward, a known mistake or another wrong answer. The default
   * chart (issue 17 item 4: 920 correct attempts from 26 students flattened the steps that matter).
   */
  students: { solved: number; solvedAfterSolution: number; carriedForward: number; knownMistake: number; otherIncorrect: number };
  clusters: AnswerCluster[];
  invalidWrongAnswers: number;
  /** Matrix shape errors students hit on this step (not attempts: they cost nothing), most frequent first. */
  shapeErrors: { students: number; events: number; messages: { message: string; count: number }[] };
};

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * How a parametrised exercise is clustered: each student's answers are compared under their own
 * parameter values (`signature` groups students with the same values; `variables` are the grading
 * variables for them). Absent: one group with the exercise's variables.
 */
export type ParameterGrouping = (userId: string) => { signature: string; label: string; variables: readonly Variable[] };

/** Pure: statistics of one step from its attempts (in time order) and reveal rows. */
export function buildStepAnalytics(
  step: { key: string; title: string; position: number; expected: string; mistakes: KnownMistake[] },
  variables: readonly Variable[],
  attempts: readonly StepAttemptRow[],
  reveals: { hints: readonly { userId: string }[]; solutions: readonly { userId: string; createdAt?: Date }[] },
  grouping?: ParameterGrouping,
): StepAnalytics {
  const perStudent = new Map<string, { count: number; first: string; toCorrect: number | null; solvedAt: Date | null; last: StepAttemptRow }>();
  const verdicts = { correct: 0, carriedForward: 0, knownMistake: 0, otherIncorrect: 0 };
  const wrong: { answer: string; canonical: string; userId: string; attemptId: string }[] = [];
  for (const a of attempts) {
    if (a.practice) continue;
    let s = perStudent.get(a.userId);
    if (s === undefined) {
      s = { count: 0, first: a.verdict, toCorrect: null, solvedAt: null, last: a };
      perStudent.set(a.userId, s);
    }
    s.count++;
    s.last = a;
    if (a.verdict === "CORRECT") {
      verdicts.correct++;
      if (s.toCorrect === null) {
        s.toCorrect = s.count;
        s.solvedAt = a.createdAt;
      }
    } else if (a.verdict === "CARRIED_FORWARD") {
      // Not a mistake in this step (it follows from an earlier one): kept out of the wrong-answer clusters.
      verdicts.carriedForward++;
    } else {
      if (a.diagnosis === "known-mistake") verdicts.knownMistake++;
      else verdicts.otherIncorrect++;
      wrong.push({ answer: a.answer, canonical: a.parsed, userId: a.userId, attemptId: a.id });
    }
  }
  const students = [...perStudent.values()];
  const firstReveal = new Map<string, number>();
  for (const r of reveals.solutions) {
    const t = r.createdAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    firstReveal.set(r.userId, Math.min(firstReveal.get(r.userId) ?? Number.POSITIVE_INFINITY, t));
  }
  const standing = { solved: 0, solvedAfterSolution: 0, carriedForward: 0, knownMistake: 0, otherIncorrect: 0 };
  for (const [userId, s] of perStudent) {
    if (s.solvedAt) {
      const revealedAt = firstReveal.get(userId);
      if (revealedAt !== undefined && revealedAt <= s.solvedAt.getTime()) standing.solvedAfterSolution++;
      else standing.solved++;
    } else if (s.last.verdict === "CARRIED_FORWARD") standing.carriedForward++;
    else if (s.last.diagnosis === "known-mistake") standing.knownMistake++;
    else standing.otherIncorrect++;
  }
  const solvedCounts = students.flatMap((s) => (s.toCorrect === null ? [] : [s.toCorrect]));
  const { clusters, invalid } = grouping
    ? clusterPerParameterValue(wrong, step, grouping)
    : clusterWrongAnswers(wrong, { variables, mistakes: step.mistakes, expected: step.expected });
  return {
    key: step.key,
    title: step.title,
    position: step.position,
    tried: students.length,
    solved: solvedCounts.length,
    firstTryCorrect: students.length === 0 ? null : students.filter((s) => s.first === "CORRECT").length / students.length,
    medianAttemptsToCorrect: median(solvedCounts),
    hintStudents: new Set(reveals.hints.map((h) => h.userId)).size,
    hintReveals: reveals.hints.length,
    solutionReveals: reveals.solutions.length,
    verdicts,
    students: standing,
    clusters,
    invalidWrongAnswers: invalid,
    shapeErrors: { students: 0, events: 0, messages: [] },
  };
}

/**
 * Parametrised steps: wrong answers are clustered per set of parameter values (students with
 * different numbers write different expressions for the same mistake), then clusters of the same
 * KNOWN mistake are merged across values, so one mistake still forms one cluster; unrecognised
 * clusters say which values they were found under.
 */
function clusterPerParameterValue(
  wrong: { answer: string; canonical: string; userId: string; attemptId: string }[],
  step: { expected: string; mistakes: KnownMistake[] },
  grouping: ParameterGrouping,
): { clusters: AnswerCluster[]; invalid: number } {
  const groups = new Map<string, { label: string; variables: readonly Variable[]; answers: typeof wrong }>();
  for (const w of wrong) {
    const g = grouping(w.userId);
    let group = groups.get(g.signature);
    if (!group) groups.set(g.signature, (group = { label: g.label, variables: g.variables, answers: [] }));
    group.answers.push(w);
  }
  let invalid = 0;
  const merged: AnswerCluster[] = [];
  const byMistake = new Map<number, AnswerCluster>();
  for (const group of groups.values()) {
    const result = clusterWrongAnswers(group.answers, { variables: group.variables, mistakes: step.mistakes, expected: step.expected });
    invalid += result.invalid;
    for (const c of result.clusters) {
      const known = c.knownMistake?.index;
      const same = known === undefined ? undefined : byMistake.get(known);
      if (same) {
        same.size += c.size;
        same.students += c.students;
        same.attemptIds.push(...c.attemptIds);
        same.spellings = [...same.spellings, ...c.spellings].sort((a, b) => b.count - a.count);
        same.parameters = `${same.parameters}; ${group.label}`;
      } else {
        const cluster = { ...c, attemptIds: [...c.attemptIds], parameters: group.label };
        if (known !== undefined) byMistake.set(known, cluster);
        merged.push(cluster);
      }
    }
  }
  merged.sort((a, b) => b.size - a.size);
  return { clusters: merged, invalid };
}

/** Pure: shape-error events of one step → distinct students, events, and the messages by frequency (top 5). */
export function summariseShapeErrors(events: readonly { userId: string; message: string }[]): StepAnalytics["shapeErrors"] {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.message, (counts.get(e.message) ?? 0) + 1);
  const messages = [...counts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count).slice(0, 5);
  return { students: new Set(events.map((e) => e.userId)).size, events: events.length, messages };
}

/** Loads an exercise's current version by id, with its full key (instructor-only callers). */
export async function findExerciseWithKey(client: Db, exerciseId: string) {
  const row = await client.exercise.findUnique({ where: { id: exerciseId }, select: { slug: true } });
  return row ? findExerciseBySlug(client, row.slug) : null;
}

/**
 * Per-step analytics for an exercise within a course: four queries (exercise with key, enrolled
 * students, attempts made in the course, hint and solution reveals of those students).
 */
export async function getExerciseAnalytics(client: Db, courseId: string, exerciseId: string) {
  const [exercise, assignment] = await Promise.all([
    findExerciseWithKey(client, exerciseId),
    client.assignment.findUnique({ where: { courseId_exerciseId: { courseId, exerciseId } }, select: { dueAt: true } }),
  ]);
  if (!exercise || !exercise.currentVersion || !assignment) return null;
  const version = exercise.currentVersion;
  const definitions = version.variables.map(toVariableDefinition);
  const variables = forValidation(definitions);
  const grouping: ParameterGrouping | undefined = hasParameters(definitions)
    ? (userId) => {
        const values = drawParameters(definitions, exerciseId, userId);
        return { signature: JSON.stringify(values), label: describeParameters(values), variables: withParameters(definitions, values) };
      }
    : undefined;
  const inCourse = { exerciseId, user: { enrolments: { some: { courseId } } } };
  const [attempts, hints, solutions, enrolled, shapeEvents] = await Promise.all([
    client.attempt.findMany({
      where: { courseId, exerciseId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, userId: true, stepKey: true, verdict: true, answer: true, parsed: true, diagnosis: true, createdAt: true, practice: true },
    }),
    client.hintReveal.findMany({ where: inCourse, select: { userId: true, stepKey: true } }),
    client.solutionReveal.findMany({ where: inCourse, select: { userId: true, stepKey: true, createdAt: true } }),
    client.enrolment.count({ where: { courseId } }),
    client.shapeErrorEvent.findMany({ where: { courseId, exerciseId }, select: { userId: true, stepKey: true, message: true } }),
  ]);
  const byKey = <T extends { stepKey: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.stepKey);
      if (list) list.push(r);
      else m.set(r.stepKey, [r]);
    }
    return m;
  };
  const attemptsByKey = byKey(attempts);
  const hintsByKey = byKey(hints);
  const solutionsByKey = byKey(solutions);
  const steps = version.steps.map((s) =>
    buildStepAnalytics(
      { key: s.key, title: s.title, position: s.position, expected: s.expected, mistakes: s.mistakes.map((m) => ({ expression: m.expression, feedback: m.feedback })) },
      variables,
      attemptsByKey.get(s.key) ?? [],
      { hints: hintsByKey.get(s.key) ?? [], solutions: solutionsByKey.get(s.key) ?? [] },
      grouping,
    ),
  );
  const shapeByKey = byKey(shapeEvents);
  for (const step of steps) step.shapeErrors = summariseShapeErrors(shapeByKey.get(step.key) ?? []);
  return {
    exercise: { id: exercise.id, slug: exercise.slug, title: version.title, version: version.version, dueAt: assignment.dueAt },
    enrolled,
    // Practice checks (after solving) are not attempts.
    attempts: attempts.filter((a) => !a.practice).length,
    steps,
    definition: () => toDefinition(exercise.slug, exercise.published, version),
  };
}
