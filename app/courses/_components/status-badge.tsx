import { statusLabel, type ExerciseStatus } from "@/lib/student-work/progress";
import styles from "./status-badge.module.css";

/** An exercise's status for the student (issue 17 item 3): the same words and colours on every list. */
export function StatusBadge({ status }: { status: ExerciseStatus }) {
  const tone =
    status.due === "overdue" ? styles.overdue : status.due === "due-soon" || status.due === "late" ? styles.warn : status.progress === "complete" ? styles.complete : status.progress === "in-progress" ? styles.started : styles.fresh;
  return <span className={`${styles.status} ${tone}`}>{statusLabel(status)}</span>;
}
