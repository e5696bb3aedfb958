import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { canEditExercise, requireInstructorOf } from "@/lib/auth/permissions";
import { getExerciseAnalytics, type StepAnalytics } from "@/lib/analytics/step-analytics";
import type { AnswerCluster } from "@/lib/analytics/cluster";
import { renderMath } from "@/lib/platform/markdown";
import { CourseAnalyticsNav } from "../_components/nav";
import { MathText } from "../_components/math";
import { CHART_COLORS, StackedBarChart } from "../_components/bar-chart";
import styles from "../_components/analytics.module.css";
import { MistakeForm } from "./mistake-form";

export const metadata: Metadata = { title: "Exercise analytics" };

type Props = {
  params: Promise<{ courseId: string; exerciseId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Clusters shown per step; the rest are summarised. */
const MAX_CLUSTERS = 10;

const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

export default async function ExerciseAnalyticsPage({ params, searchParams }: Props) {
  await connection();
  const { courseId, exerciseId } = await params;
  const user = await requireInstructorOf(courseId);
  const [analytics, canEdit] = await Promise.all([getExerciseAnalytics(db, courseId, exerciseId), canEditExercise(user, exerciseId)]);
  if (!analytics) notFound();
  const sp = await searchParams;
  const added = typeof sp.added === "string" ? sp.added : null;
  // Students per outcome by default; attempts on request (issue 17 item 4).
  const byAttempts = sp.count === "attempts";
  const { exercise, steps } = analytics;

  return (
    <>
      <CourseAnalyticsNav courseId={courseId} current="exercise" />
      <h1>{exercise.title}</h1>
      <p className="muted">
        Version {exercise.version} · {analytics.enrolled} students enrolled · {analytics.attempts} graded attempts in this course. Wrong answers are
        grouped by their values at fixed points, so different spellings of one mistake count together.
      </p>
      {added && sp.staged === "1" ? (
        <p className="notice ok" role="status">
          Known mistake added to step {added} in the draft of version {typeof sp.version === "string" ? sp.version : "?"}. Students don&apos;t see it
          yet: <Link href={`/author/${encodeURIComponent(exerciseId)}`}>review and publish the draft</Link>; past attempts get its feedback then.
        </p>
      ) : added ? (
        <p className="notice ok" role="status">
          Known mistake added to step {added} (now version {typeof sp.version === "string" ? sp.version : "?"}).{" "}
          {typeof sp.updated === "string" ? sp.updated : "0"} past attempts now show its feedback.
        </p>
      ) : null}

      <p className={styles.toggle}>
        Count:{" "}
        {byAttempts ? (
          <>
            <Link href={`/courses/${courseId}/analytics/${exerciseId}`}>students</Link> · <strong aria-current="true">attempts</strong>
          </>
        ) : (
          <>
            <strong aria-current="true">students</strong> · <Link href={`/courses/${courseId}/analytics/${exerciseId}?count=attempts`}>attempts</Link>
          </>
        )}
      </p>
      {byAttempts ? (
        <StackedBarChart
          id="verdicts"
          title="Attempts per step, by verdict"
          description={`Graded attempts per step (checks after solving are practice and not counted): correct, carried forward (right from the student's own wrong earlier answers), a known mistake, or another wrong answer. ${steps
            .map((s) => `Step ${s.position + 1} (${s.key}): ${s.verdicts.correct} correct, ${s.verdicts.carriedForward} carried forward, ${s.verdicts.knownMistake} known mistake, ${s.verdicts.otherIncorrect} other`)
            .join("; ")}.`}
          categoryLabel="Step"
          categories={steps.map((s) => `${s.position + 1}. ${s.key}`)}
          series={[
            { name: "Correct", color: CHART_COLORS.correct, values: steps.map((s) => s.verdicts.correct) },
            { name: "Carried forward", color: CHART_COLORS.carried, values: steps.map((s) => s.verdicts.carriedForward) },
            { name: "Known mistake", color: CHART_COLORS.known, values: steps.map((s) => s.verdicts.knownMistake) },
            { name: "Other wrong answer", color: CHART_COLORS.other, values: steps.map((s) => s.verdicts.otherIncorrect) },
          ]}
        />
      ) : (
        <StackedBarChart
          id="students"
          title="Students per step, by where they stand"
          description={`Each student who tried a step counted once: solved, solved after revealing the worked solution, or not solved yet with their latest answer carried forward, a known mistake or another wrong answer. ${steps
            .map(
              (s) =>
                `Step ${s.position + 1} (${s.key}): ${s.students.solved} solved, ${s.students.solvedAfterSolution} solved after solution, ${s.students.carriedForward} carried forward, ${s.students.knownMistake} known mistake, ${s.students.otherIncorrect} other`,
            )
            .join("; ")}.`}
          categoryLabel="Step"
          categories={steps.map((s) => `${s.position + 1}. ${s.key}`)}
          series={[
            { name: "Solved", color: CHART_COLORS.correct, values: steps.map((s) => s.students.solved) },
            { name: "Solved after solution", color: CHART_COLORS.afterSolution, values: steps.map((s) => s.students.solvedAfterSolution) },
            { name: "Carried forward", color: CHART_COLORS.carried, values: steps.map((s) => s.students.carriedForward) },
            { name: "Known mistake", color: CHART_COLORS.known, values: steps.map((s) => s.students.knownMistake) },
            { name: "Other wrong answer", color: CHART_COLORS.other, values: steps.map((s) => s.students.otherIncorrect) },
          ]}
        />
      )}

      {steps.map((step) => (
        <StepSection key={step.key} step={step} courseId={courseId} exerciseId={exerciseId} canEdit={canEdit} />
      ))}
    </>
  );
}

function StepSection({ step, courseId, exerciseId, canEdit }: { step: StepAnalytics; courseId: string; exerciseId: string; canEdit: boolean }) {
  const headingId = `step-${step.key}`;
  const shown = step.clusters.slice(0, MAX_CLUSTERS);
  const rest = step.clusters.slice(MAX_CLUSTERS);
  return (
    <section className="card" aria-labelledby={`${headingId}-title`} id={headingId}>
      <h2 id={`${headingId}-title`} style={{ marginTop: 0 }}>
        Step {step.position + 1}: <span dangerouslySetInnerHTML={{ __html: renderMath(step.title) }} />{" "}
        <span className="muted" style={{ fontSize: "0.9rem" }}>
          ({step.key})
        </span>
      </h2>
      <dl className={styles.stats}>
        <div>
          <dt>Students who tried</dt>
          <dd>{step.tried}</dd>
        </div>
        <div>
          <dt>Solved</dt>
          <dd>{step.solved}</dd>
        </div>
        <div>
          <dt>Correct on first attempt</dt>
          <dd>{pct(step.firstTryCorrect)}</dd>
        </div>
        <div>
          <dt>Median attempts to correct</dt>
          <dd>{step.medianAttemptsToCorrect ?? "—"}</dd>
        </div>
        <div>
          <dt>Students who used hints</dt>
          <dd>
            {step.hintStudents} <span className="muted">({step.hintReveals} hints)</span>
          </dd>
        </div>
        <div>
          <dt>Solutions revealed</dt>
          <dd>{step.solutionReveals}</dd>
        </div>
        <div>
          <dt>Solved after solution</dt>
          <dd>{step.students.solvedAfterSolution}</dd>
        </div>
      </dl>
      {step.shapeErrors.events > 0 ? (
        <>
          <h3>Shape errors (not attempts: they cost students nothing)</h3>
          <p className="muted">
            {step.shapeErrors.students} student{step.shapeErrors.students === 1 ? "" : "s"} wrote {step.shapeErrors.events} answer
            {step.shapeErrors.events === 1 ? "" : "s"} whose matrix shapes don&apos;t fit. Most frequent:
          </p>
          <ul>
            {step.shapeErrors.messages.map((m) => (
              <li key={m.message}>
                {m.message} <span className="muted">({m.count}×)</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>Most common wrong answers</h3>
      {step.clusters.length === 0 ? <p className="muted">No wrong answers yet.</p> : null}
      {shown.length > 0 ? (
        <div className={styles.tableWrap}>
          <table aria-label={`Wrong-answer clusters for step ${step.position + 1} (${step.key})`}>
            <thead>
              <tr>
                <th scope="col">Representative</th>
                <th scope="col" className={styles.num}>
                  Answers
                </th>
                <th scope="col" className={styles.num}>
                  Students
                </th>
                <th scope="col">Distinct spellings</th>
                <th scope="col">Known mistake</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => (
                <ClusterRow key={c.representative.text} cluster={c} stepKey={step.key} courseId={courseId} exerciseId={exerciseId} canEdit={canEdit} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {rest.length > 0 ? (
        <p className="muted">
          And {rest.length} rarer clusters with {rest.reduce((n, c) => n + c.size, 0)} answers.
        </p>
      ) : null}
    </section>
  );
}

function ClusterRow({ cluster, stepKey, courseId, exerciseId, canEdit }: { cluster: AnswerCluster; stepKey: string; courseId: string; exerciseId: string; canEdit: boolean }) {
  return (
    <tr>
      <td>
        <MathText latex={cluster.representative.latex} fallback={cluster.representative.text} />
        <span className={styles.cellMeta}>
          <code>{cluster.representative.text}</code>
        </span>
      </td>
      <td className={styles.num}>{cluster.size}</td>
      <td className={styles.num}>{cluster.students}</td>
      <td>
        <span className="sr-only">{cluster.spellings.length} spellings: </span>
        <ul className={styles.spellings}>
          {cluster.spellings.map((s) => (
            <li key={s.text}>
              <code>{s.text}</code> <span className="muted">×{s.count}</span>
            </li>
          ))}
        </ul>
      </td>
      <td>
        {cluster.knownMistake ? (
          <>
            <strong>Known mistake {cluster.knownMistake.index + 1}</strong>
            <span className={styles.cellMeta} style={{ whiteSpace: "normal" }}>
              {cluster.knownMistake.feedback}
            </span>
          </>
        ) : cluster.matchesExpected ? (
          <span>Equal to the answer key (rejected for its form)</span>
        ) : (
          <>
            <strong>Unrecognised</strong>
            {canEdit ? (
              <MistakeForm courseId={courseId} exerciseId={exerciseId} stepKey={stepKey} expression={cluster.representative.text} />
            ) : (
              <span className={styles.cellMeta}>Only the exercise&apos;s author can add known mistakes.</span>
            )}
          </>
        )}
      </td>
    </tr>
  );
}
