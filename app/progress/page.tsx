import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { requireUser } from "@/lib/auth/session";
import { getStudentProgress } from "@/lib/student-work/progress";
import { LocalTime } from "@/app/courses/_components/local-time";
import styles from "@/app/_components/exercise/exercise.module.css";
import { StatusBadge } from "@/app/courses/_components/status-badge";

export const metadata: Metadata = { title: "Your progress" };

const when = (d: Date | null) => (d ? <LocalTime iso={d.toISOString()} /> : "—");
const percent = (solved: number, total: number) => (total === 0 ? 0 : Math.round((solved / total) * 100));

export default async function ProgressPage() {
  await connection();
  const user = await requireUser({ next: "/progress" });
  const progress = await getStudentProgress(db, user.id);
  const overall = percent(progress.stepsSolved, progress.stepCount);

  return (
    <>
      <h1>Your progress</h1>
      {progress.courses.length === 0 ? (
        <p className="muted">
          You are not enrolled in a course yet. {user.role === "INSTRUCTOR" ? "Your students' progress is in each course's gradebook." : <Link href="/courses">Join a course</Link>}
        </p>
      ) : (
        <>
          <section className="card" aria-labelledby="overall-heading">
            <h2 id="overall-heading" style={{ marginTop: 0 }}>
              Overall
            </h2>
            <p>
              {progress.stepsSolved} of {progress.stepCount} steps solved ({overall}%)
            </p>
            <progress className={styles.progressBar} max={Math.max(progress.stepCount, 1)} value={progress.stepsSolved} aria-label={`Overall completion: ${overall}%`} />
          </section>
          {progress.courses.map((course) => (
            <section key={course.courseId} aria-labelledby={`course-${course.courseId}`}>
              <h2 id={`course-${course.courseId}`}>{course.title}</h2>
              {course.exercises.length === 0 ? (
                <p className="muted">No exercises assigned yet.</p>
              ) : (
                <div style={{ overflowX: "auto" }}>
                  <table>
                    <caption className="sr-only">Progress in {course.title}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Exercise</th>
                        <th scope="col">Status</th>
                        <th scope="col">Steps solved</th>
                        <th scope="col">Attempts</th>
                        <th scope="col">Hints used</th>
                        <th scope="col">Solutions shown</th>
                        <th scope="col">Last activity</th>
                        <th scope="col">Due</th>
                      </tr>
                    </thead>
                    <tbody>
                      {course.exercises.map((e) => (
                        <tr key={e.exerciseId}>
                          <th scope="row">
                            <Link href={`/courses/${course.courseId}/exercises/${e.slug}`}>{e.title}</Link>
                            <br />
                            <progress className={styles.progressBar} max={Math.max(e.stepCount, 1)} value={e.stepsSolved} aria-label={`${e.title}: ${percent(e.stepsSolved, e.stepCount)}% complete`} />
                          </th>
                          <td>
                            <StatusBadge status={e.status} />
                          </td>
                          <td>
                            {e.stepsSolved} / {e.stepCount}
                          </td>
                          <td>{e.attempts}</td>
                          <td>{e.hintsUsed}</td>
                          <td>{e.solutionsRevealed}</td>
                          <td>{when(e.lastActivityAt)}</td>
                          <td>{e.dueAt ? when(e.dueAt) : "—"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          ))}
        </>
      )}
    </>
  );
}
