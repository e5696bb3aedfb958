import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { canViewStudentWork, requireInstructorOf } from "@/lib/auth/permissions";
import { listCourseAttempts, listStudentHelpEvents, studentParametersInCourse, type AttemptListItem, type HelpEvent } from "@/lib/analytics/course-attempts";
import { LocalTime } from "@/app/courses/_components/local-time";
import { CourseAnalyticsNav } from "../../analytics/_components/nav";
import { MathText } from "../../analytics/_components/math";
import styles from "../../analytics/_components/analytics.module.css";
import { ActionForm } from "@/app/courses/_components/action-form";
import { TimezoneOffsetInput } from "@/app/courses/_components/local-time";
import { grantExtensionAction } from "../../actions";

export const metadata: Metadata = { title: "Student attempts" };

type Props = { params: Promise<{ courseId: string; studentId: string }> };

export default async function StudentAttemptsPage({ params }: Props) {
  await connection();
  const { courseId, studentId } = await params;
  const user = await requireInstructorOf(courseId);
  // Only students enrolled in this course (the owner check alone would allow any user id).
  if (user.id === studentId || !(await canViewStudentWork(user, studentId, courseId))) notFound();
  const [student, course, attempts, parameters, help, assignments] = await Promise.all([
    db.user.findUnique({ where: { id: studentId }, select: { name: true, email: true } }),
    db.course.findUnique({ where: { id: courseId }, select: { title: true } }),
    listCourseAttempts(db, courseId, { userId: studentId }),
    studentParametersInCourse(db, courseId, studentId),
    listStudentHelpEvents(db, courseId, studentId),
    db.assignment.findMany({
      where: { courseId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { dueAt: true, exercise: { select: { id: true, slug: true, currentVersion: { select: { title: true } } } }, extensions: { where: { userId: studentId }, select: { dueAt: true } } },
    }),
  ]);
  if (!student || !course) notFound();
  const counted = attempts.filter((a) => !a.practice);
  const correct = counted.filter((a) => a.verdict === "CORRECT").length;
  // One timeline: attempts, practice checks, hints and worked solutions, oldest first.
  type Entry = { at: Date; attempt: AttemptListItem; help?: undefined } | { at: Date; help: HelpEvent; attempt?: undefined };
  const timeline: Entry[] = [...attempts.map((a) => ({ at: a.createdAt, attempt: a })), ...help.map((h) => ({ at: h.createdAt, help: h }))].sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );

  return (
    <>
      <CourseAnalyticsNav courseId={courseId} current="student" />
      <p>
        <Link href={`/courses/${encodeURIComponent(courseId)}/gradebook`}>← Back to the gradebook</Link>
      </p>
      <h1>{student.name}</h1>
      <p className="muted">
        {student.email} · {course.title} · {counted.length} attempt{counted.length === 1 ? "" : "s"}, {correct} correct
        {attempts.length > counted.length ? `, ${attempts.length - counted.length} practice check${attempts.length - counted.length === 1 ? "" : "s"} after solving` : ""}
        {help.length > 0 ? `, ${help.filter((h) => h.kind === "hint").length} hint(s) and ${help.filter((h) => h.kind === "solution").length} worked solution(s) revealed` : ""}.
        Invalid input is never stored, so it does not appear here.
      </p>
      {parameters.length > 0 ? (
        <p>
          Per-student parameters:{" "}
          {parameters.map((p, i) => (
            <span key={p.exerciseTitle}>
              {i > 0 ? "; " : ""}
              {p.exerciseTitle}: <strong>{p.parameters}</strong>
            </span>
          ))}
        </p>
      ) : null}
      {assignments.length > 0 ? (
        <section aria-labelledby="extensions-heading">
          <h2 id="extensions-heading">Due dates and extensions</h2>
          <ul>
            {assignments.map((a) => (
              <li key={a.exercise.id}>
                {a.exercise.currentVersion?.title ?? a.exercise.slug}: due {a.dueAt ? <LocalTime iso={a.dueAt.toISOString()} /> : "—"}
                {a.extensions[0] ? (
                  <strong>
                    {" "}
                    · extended to <LocalTime iso={a.extensions[0].dueAt.toISOString()} />
                  </strong>
                ) : null}
              </li>
            ))}
          </ul>
          <ActionForm action={grantExtensionAction} className="card" label={`Give ${student.name} an extension`} successMessage="Extension saved.">
            <input type="hidden" name="courseId" value={courseId} />
            <input type="hidden" name="studentId" value={studentId} />
            <TimezoneOffsetInput />
            <div className="field">
              <label htmlFor="extension-exercise">Exercise</label>
              <select id="extension-exercise" name="exerciseId" required>
                {assignments.map((a) => (
                  <option key={a.exercise.id} value={a.exercise.id}>
                    {a.exercise.currentVersion?.title ?? a.exercise.slug}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="extension-due">New due date for {student.name} (your local time; empty removes the extension)</label>
              <input id="extension-due" name="dueAt" type="datetime-local" />
            </div>
            <button type="submit">Save extension</button>
          </ActionForm>
        </section>
      ) : null}
      <h2>Timeline</h2>
      {timeline.length === 0 ? (
        <p className="card">No attempts yet.</p>
      ) : (
        <div className={styles.tableWrap} role="region" aria-label="Attempts" tabIndex={0}>
          <table>
            <caption className="sr-only">Attempts, hints and worked solutions of {student.name}, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Exercise and step</th>
                <th scope="col">Answer</th>
                <th scope="col">Read as</th>
                <th scope="col">Verdict</th>
                <th scope="col">Feedback</th>
              </tr>
            </thead>
            <tbody>
              {timeline.map(({ attempt: a, help: h }) =>
                h ? (
                  <tr key={`${h.kind}-${h.createdAt.toISOString()}-${h.stepKey}-${h.hintNumber ?? ""}`} className={styles.helpRow}>
                    <td>
                      <LocalTime iso={h.createdAt.toISOString()} />
                    </td>
                    <td>
                      {h.exerciseTitle}
                      <span className={styles.cellMeta}>
                        step <MathText latex={h.stepTitle} fallback={h.stepKey} />
                      </span>
                    </td>
                    <td colSpan={2} className="muted">
                      —
                    </td>
                    <td>{h.kind === "hint" ? `Hint ${h.hintNumber} revealed` : "Worked solution revealed"}</td>
                    <td />
                  </tr>
                ) : (
                <tr key={a.id}>
                  <td>
                    <LocalTime iso={a.createdAt.toISOString()} />
                  </td>
                  <td>
                    {a.exerciseTitle}
                    <span className={styles.cellMeta}>
                      step <MathText latex={a.stepTitle} fallback={a.stepKey} />
                    </span>
                  </td>
                  <td>
                    <code>{a.answer}</code>
                  </td>
                  <td>
                    <MathText latex={a.latex} fallback="(no longer parses)" />
                  </td>
                  <td className={a.verdict === "CORRECT" ? styles.verdictCorrect : a.verdict === "CARRIED_FORWARD" ? undefined : styles.verdictIncorrect}>
                    {a.verdict === "CORRECT" ? "Correct" : a.verdict === "CARRIED_FORWARD" ? "Carried forward" : "Incorrect"}
                    {a.practice ? <span className={styles.cellMeta}>practice (after solving, not counted)</span> : null}
                  </td>
                  <td>{a.feedback}</td>
                </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
