import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { requireInstructorOf } from "@/lib/auth/permissions";
import { completionByExercise, getCourseGradebook, viewGradebook, type GradebookCell } from "@/lib/analytics/gradebook";
import { courseActivity } from "@/lib/analytics/activity";
import { LocalTime } from "@/app/courses/_components/local-time";
import { CourseAnalyticsNav } from "../analytics/_components/nav";
import { CHART_COLORS, StackedBarChart } from "../analytics/_components/bar-chart";
import styles from "../analytics/_components/analytics.module.css";

export const metadata: Metadata = { title: "Gradebook" };

type Props = {
  params: Promise<{ courseId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function GradebookPage({ params, searchParams }: Props) {
  await connection();
  const { courseId } = await params;
  await requireInstructorOf(courseId);
  const sp = await searchParams;
  const view = { sort: one(sp.sort), dir: one(sp.dir), q: one(sp.q), exercise: one(sp.exercise) };
  const [gradebook, activity] = await Promise.all([getCourseGradebook(db, courseId), courseActivity(db, courseId, 14)]);
  if (!gradebook) notFound();
  const shown = viewGradebook(gradebook, view);
  const completion = completionByExercise(gradebook);
  const base = `/courses/${encodeURIComponent(courseId)}`;

  /** Link that sorts by `key`, toggling the direction when it is already the sort column. */
  const sortHref = (key: string) => {
    const next = new URLSearchParams();
    if (view.q) next.set("q", view.q);
    if (view.exercise) next.set("exercise", view.exercise);
    next.set("sort", key);
    next.set("dir", shown.sort === key && shown.dir === "asc" ? "desc" : "asc");
    return `${base}/gradebook?${next.toString()}`;
  };
  const ariaSort = (key: string) => (shown.sort === key ? (shown.dir === "asc" ? "ascending" : "descending") : undefined);
  const sortHeader = (k: string, label: string, numeric = false) => (
    <th key={k} scope="col" aria-sort={ariaSort(k)} className={numeric ? styles.num : undefined}>
      <Link href={sortHref(k)}>
        {label}
        {shown.sort === k ? <span aria-hidden="true">{shown.dir === "asc" ? " ▲" : " ▼"}</span> : null}
        <span className="sr-only">{shown.sort === k ? "" : ", sort"}</span>
      </Link>
    </th>
  );

  return (
    <>
      <CourseAnalyticsNav courseId={courseId} current="gradebook" />
      <h1>Gradebook: {gradebook.course.title}</h1>
      <p className="muted">
        {gradebook.rows.length} student{gradebook.rows.length === 1 ? "" : "s"} × {gradebook.exercises.length} assigned exercise
        {gradebook.exercises.length === 1 ? "" : "s"}. Each cell: points (after late penalties), steps solved / steps, then attempts and last activity.
        Points, due dates and late policies are set on the <Link href={base}>course page</Link>; extensions on a student&apos;s page. <span className={`${styles.badge} ${styles.badgeSolution}`}>solution</span> = a worked solution was revealed;{" "}
        <span className={`${styles.badge} ${styles.badgeLate}`}>late</span> = solved after the due date.
      </p>
      <div className={styles.downloads}>
        <a className="button secondary" href={`/api/courses/${encodeURIComponent(courseId)}/gradebook.csv`} download>
          Download gradebook (CSV)
        </a>
        <a className="button secondary" href={`/api/courses/${encodeURIComponent(courseId)}/gradebook.csv?format=canvas`} download>
          For Canvas (CSV)
        </a>
        <a className="button secondary" href={`/api/courses/${encodeURIComponent(courseId)}/gradebook.csv?format=moodle`} download>
          For Moodle (CSV)
        </a>
        <a className="button secondary" href={`/api/courses/${encodeURIComponent(courseId)}/attempts.csv`} download>
          Download all attempts (CSV)
        </a>
      </div>

      <form method="get" className={`card ${styles.filters}`} role="search" aria-label="Filter the gradebook">
        <div className="field">
          <label htmlFor="q">Student name or email</label>
          <input id="q" name="q" type="text" defaultValue={view.q ?? ""} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="exercise">Exercise</label>
          <select id="exercise" name="exercise" defaultValue={view.exercise ?? ""}>
            <option value="">All exercises</option>
            {gradebook.exercises.map((e) => (
              <option key={e.id} value={e.slug}>
                {e.title}
              </option>
            ))}
          </select>
        </div>
        {view.sort ? <input type="hidden" name="sort" value={view.sort} /> : null}
        {view.dir ? <input type="hidden" name="dir" value={view.dir} /> : null}
        <button type="submit">Filter</button>
        {view.q || view.exercise ? (
          <Link href={`${base}/gradebook`} className="button secondary">
            Clear
          </Link>
        ) : null}
      </form>

      <div className={styles.tableWrap} role="region" aria-label="Gradebook table" tabIndex={0}>
        <table>
          <caption className="sr-only">
            Gradebook, sorted by {shown.sort.startsWith("ex:") ? shown.sort.slice(3) : shown.sort} ({shown.dir === "asc" ? "ascending" : "descending"})
          </caption>
          <thead>
            <tr>
              {sortHeader("name", "Student")}
              {shown.exercises.map((e) => sortHeader(`ex:${e.slug}`, `${e.title} (${formatScore(e.points ?? e.stepKeys.length)} pts)`))}
              {sortHeader("points", "Points", true)}
              {sortHeader("solved", "Solved", true)}
              {sortHeader("attempts", "Attempts", true)}
              {sortHeader("activity", "Last activity")}
            </tr>
          </thead>
          <tbody>
            {shown.rows.length === 0 ? (
              <tr>
                <td colSpan={shown.exercises.length + 5} className="muted">
                  {gradebook.rows.length === 0 ? (
                    <>
                      No students yet: share the join code on the <Link href={base}>course page</Link>.
                    </>
                  ) : (
                    "No students match."
                  )}
                </td>
              </tr>
            ) : null}
            {shown.rows.map((row) => (
              <tr key={row.student.id}>
                <th scope="row">
                  <Link href={`${base}/students/${encodeURIComponent(row.student.id)}`}>{row.student.name}</Link>
                  <span className={styles.cellMeta}>{row.student.email}</span>
                </th>
                {row.cells.map((cell, i) => (
                  <td key={shown.exercises[i]?.id ?? i}>
                    <Cell cell={cell} />
                  </td>
                ))}
                <td className={styles.num}>
                  {formatScore(row.points)}/{formatScore(row.pointsPossible)}
                </td>
                <td className={styles.num}>
                  {row.stepsSolved}/{row.stepCount}
                </td>
                <td className={styles.num}>{row.attempts}</td>
                <td>{row.lastActivityAt ? <LocalTime iso={row.lastActivityAt.toISOString()} /> : <span className="muted">never</span>}</td>
              </tr>
            ))}
          </tbody>
          {shown.rows.length > 0 ? (
            <tfoot>
              <tr>
                <th scope="row">Class average ({shown.rows.length})</th>
                {shown.averages.exercises.map((avg, i) => (
                  <td key={shown.exercises[i]?.id ?? i} className={styles.num}>
                    {formatScore(avg)} pts
                  </td>
                ))}
                <td className={styles.num}>{formatScore(shown.averages.total)}</td>
                <td colSpan={3} />
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>

      <h2>Charts</h2>
      <StackedBarChart
        id="completion"
        title="Completion per exercise"
        description={`Students who solved every step, started, or did not start each exercise. ${completion
          .map((c) => `${c.exercise.title}: ${c.complete} complete, ${c.started} started, ${c.notStarted} not started`)
          .join("; ")}.`}
        categoryLabel="Exercise"
        categories={completion.map((c) => c.exercise.slug)}
        series={[
          { name: "Complete", color: CHART_COLORS.correct, values: completion.map((c) => c.complete) },
          { name: "Started", color: CHART_COLORS.started, values: completion.map((c) => c.started) },
          { name: "Not started", color: CHART_COLORS.none, values: completion.map((c) => c.notStarted) },
        ]}
      />
      <StackedBarChart
        id="activity"
        title="Activity over the last 14 days"
        description={`Graded attempts per day (UTC), correct and incorrect. Total ${activity.reduce((n, d) => n + d.correct + d.incorrect, 0)} attempts.`}
        categoryLabel="Day"
        categories={activity.map((d) => d.day.slice(5))}
        series={[
          { name: "Correct", color: CHART_COLORS.correct, values: activity.map((d) => d.correct) },
          { name: "Incorrect", color: CHART_COLORS.other, values: activity.map((d) => d.incorrect) },
        ]}
      />
    </>
  );
}

/** Scores are in steps; follow-through credit can make them fractional. */
function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : String(Math.round(score * 100) / 100);
}

function Cell({ cell }: { cell: GradebookCell }) {
  const complete = cell.stepCount > 0 && cell.stepsSolved === cell.stepCount;
  return (
    <>
      <span className={styles.cellMain}>
        {formatScore(cell.points)} pts
        <span className="sr-only"> of {formatScore(cell.pointsPossible)}</span>
      </span>
      <span className={styles.cellMeta}>
        {cell.stepsSolved}/{cell.stepCount}
        <span className="sr-only"> steps solved</span>
      </span>
      {cell.latePenalty > 0 ? (
        <span className={`${styles.badge} ${styles.badgeLate}`} title={`${formatScore(cell.latePenalty)} point(s) deducted by the late policy`}>
          −{formatScore(cell.latePenalty)} late<span className="sr-only"> penalty</span>
        </span>
      ) : null}
      {cell.extendedTo ? (
        <span className={styles.cellMeta}>
          extended to <LocalTime iso={cell.extendedTo.toISOString()} />
        </span>
      ) : null}
      {complete ? <span className={`${styles.badge} ${styles.badgeOk}`}>done</span> : null}
      {cell.stepsCarriedForward > 0 ? (
        <span className={`${styles.badge} ${styles.badgeCarried}`} title={`${cell.stepsCarriedForward} step(s) done correctly from wrong earlier answers; score ${formatScore(cell.score)} of ${cell.stepCount}`}>
          +{cell.stepsCarriedForward} carried forward
          <span className="sr-only"> (done correctly from wrong earlier answers); score {formatScore(cell.score)} of {cell.stepCount}</span>
        </span>
      ) : null}
      {cell.solutionsRevealed > 0 ? (
        <span className={`${styles.badge} ${styles.badgeSolution}`} title={`Worked solution revealed for ${cell.solutionsRevealed} step(s)`}>
          solution<span className="sr-only"> revealed for {cell.solutionsRevealed} step(s)</span>
        </span>
      ) : null}
      {cell.solvedAfterSolution > 0 ? (
        <span className={`${styles.badge} ${styles.badgeSolution}`} title={`${cell.solvedAfterSolution} step(s) solved after the worked solution was revealed`}>
          {cell.solvedAfterSolution} after solution<span className="sr-only">: step(s) solved after the worked solution was revealed</span>
        </span>
      ) : null}
      {cell.lateSteps > 0 ? (
        <span className={`${styles.badge} ${styles.badgeLate}`} title={`${cell.lateSteps} step(s) solved after the due date`}>
          late<span className="sr-only">: {cell.lateSteps} step(s) solved after the due date</span>
        </span>
      ) : null}
      <span className={styles.cellMeta}>
        {cell.attempts} attempt{cell.attempts === 1 ? "" : "s"}
        {cell.lastActivityAt ? (
          <>
            {" · "}
            <LocalTime iso={cell.lastActivityAt.toISOString()} />
          </>
        ) : null}
      </span>
    </>
  );
}
