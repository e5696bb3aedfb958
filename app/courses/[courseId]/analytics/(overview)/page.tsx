import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { requireInstructorOf } from "@/lib/auth/permissions";
import { completionByExercise, getCourseGradebook } from "@/lib/analytics/gradebook";
import { CourseAnalyticsNav } from "../_components/nav";

export const metadata: Metadata = { title: "Analytics" };

type Props = { params: Promise<{ courseId: string }> };

export default async function AnalyticsIndexPage({ params }: Props) {
  await connection();
  const { courseId } = await params;
  await requireInstructorOf(courseId);
  const gradebook = await getCourseGradebook(db, courseId);
  if (!gradebook) notFound();
  const completion = completionByExercise(gradebook);
  return (
    <>
      <CourseAnalyticsNav courseId={courseId} current="analytics" />
      <h1>Analytics: {gradebook.course.title}</h1>
      <p className="muted">Per-step statistics and the most common wrong answers, grouped by value rather than by spelling.</p>
      {completion.length === 0 ? <p className="card">No exercises are assigned in this course yet.</p> : null}
      <ul className="card-list">
        {completion.map((c) => (
          <li key={c.exercise.id} className="card">
            <Link href={`/courses/${encodeURIComponent(courseId)}/analytics/${encodeURIComponent(c.exercise.id)}`}>{c.exercise.title}</Link>
            <p className="muted" style={{ margin: "0.25rem 0 0" }}>
              {c.exercise.stepKeys.length} steps · {c.complete} of {c.students} students complete, {c.started} started
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
