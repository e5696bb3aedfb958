import Link from "next/link";
import { continueWith, type ExerciseProgressRow } from "@/lib/student-work/progress";
import { LocalTime } from "./local-time";
import { StatusBadge } from "./status-badge";
import styles from "./status-badge.module.css";

/** Pages here render per request (connection()), so "now" is the time of the request. */
const isPast = (d: Date) => d.getTime() <= Date.now();

type Row = ExerciseProgressRow & { courseId: string; courseTitle?: string };

/**
 * A student's exercises with their status, steps solved and due date, and a Start/Continue link to
 * the one to do next (issue 17 item 3): the home page (every course, `courseTitle` shown) and a
 * course's page use the same list.
 */
export function ExerciseStatusList({ exercises, label }: { exercises: readonly Row[]; label: string }) {
  const next = continueWith(exercises);
  return (
    <>
      {next ? (
        <p>
          <Link className="button" href={`/courses/${next.courseId}/exercises/${next.slug}`}>
            {next.status.progress === "new" ? "Start" : "Continue"}: {next.title}
          </Link>
        </p>
      ) : null}
      <ul className="card-list" aria-label={label}>
        {exercises.map((e) => (
          <li key={`${e.courseId}:${e.exerciseId}`} className="card">
            <div className={styles.exerciseRow}>
              <Link href={`/courses/${e.courseId}/exercises/${e.slug}`}>{e.title}</Link>
              <StatusBadge status={e.status} />
            </div>
            <p className="muted" style={{ margin: "0.25rem 0 0" }}>
              {e.courseTitle ? `${e.courseTitle} · ` : ""}
              {e.stepsSolved} of {e.stepCount} steps solved
              {e.dueAt ? (
                <>
                  {" · "}due <LocalTime iso={e.dueAt.toISOString()} />
                  {isPast(e.dueAt) ? " (passed: worked solutions are available)" : ""}
                </>
              ) : null}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
