import Link from "next/link";
import styles from "./analytics.module.css";

/** Course · Gradebook · Analytics, at the top of every instructor analytics page. */
export function CourseAnalyticsNav({ courseId, current }: { courseId: string; current: "gradebook" | "analytics" | "student" | "exercise" }) {
  const base = `/courses/${encodeURIComponent(courseId)}`;
  return (
    <nav aria-label="Course" className={styles.subnav}>
      <Link href={base}>Course</Link>
      <span aria-hidden="true">·</span>
      <Link href={`${base}/gradebook`} aria-current={current === "gradebook" ? "page" : undefined}>
        Gradebook
      </Link>
      <span aria-hidden="true">·</span>
      <Link href={`${base}/analytics`} aria-current={current === "analytics" ? "page" : undefined}>
        Analytics
      </Link>
    </nav>
  );
}
