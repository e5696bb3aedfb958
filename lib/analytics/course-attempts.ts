/** The instructor's list of a course's attempts (drill-down per student, attempts CSV). */
import type { Db } from "@/lib/platform/db-client";
import { parseExpression } from "@/lib/grading";

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
      user: { select: { name: true, email: true } },
      step: {
        select: {
          title: true,
          version: { select: { id: true, title: true, exercise: { select: { slug: true } }, variables: { select: { name: true } } } },
        },
      },
    },
  });
  const names = new Map<string, string[]>();
  return rows.map((r) => {
    let vars = names.get(r.step.version.id);
    if (vars === undefined) {
      vars = r.step.version.variables.map((v) => v.name);
      names.set(r.step.version.id, vars);
    }
    const parsed = parseExpression(r.answer, { variables: vars });
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
    };
  });
}
