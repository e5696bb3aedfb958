import Link from "next/link";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { getCurrentUser } from "@/lib/auth/session";
import { listAssignedExercises, listOwnedCourses } from "@/lib/courses/queries";
import { LocalTime } from "./courses/_components/local-time";

/** Home by role: a landing page when signed out, the assigned exercises for students (and for
 * instructors enrolled in someone's course), the instructor's courses for instructors. */
export default async function HomePage() {
  await connection();
  const user = await getCurrentUser();
  if (!user) return <Landing />;

  const [assigned, owned] = await Promise.all([
    listAssignedExercises(db, user.id),
    user.role === "INSTRUCTOR" ? listOwnedCourses(db, user.id) : Promise.resolve([]),
  ]);

  return (
    <>
      {user.role === "INSTRUCTOR" ? (
        <section aria-labelledby="your-courses">
          <h1 id="your-courses">Your courses</h1>
          {owned.length === 0 ? (
            <p>
              You have no courses yet. <Link href="/courses">Create one</Link>.
            </p>
          ) : (
            <ul className="card-list">
              {owned.map((course) => (
                <li key={course.id} className="card">
                  <Link href={`/courses/${course.id}`}>{course.title}</Link>
                  <p className="muted" style={{ margin: "0.25rem 0 0" }}>
                    {course._count.enrolments} students · {course._count.assignments} exercises
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {user.role === "STUDENT" || assigned.length > 0 ? (
        <section aria-labelledby="your-exercises">
          {user.role === "STUDENT" ? <h1 id="your-exercises">Your exercises</h1> : <h2 id="your-exercises">Exercises in courses you take</h2>}
          {assigned.length === 0 ? (
            <p>
              No exercises yet. <Link href="/courses">Join a course</Link> with the code from your instructor.
            </p>
          ) : (
            <ul className="card-list">
              {assigned.map(({ course, exercise, dueAt }) => (
                <li key={`${course.id}:${exercise.id}`} className="card">
                  <Link href={`/courses/${course.id}/exercises/${exercise.slug}`}>{exercise.currentVersion?.title ?? exercise.slug}</Link>
                  <p className="muted" style={{ margin: "0.25rem 0 0" }}>
                    {course.title} · {exercise.currentVersion?._count.steps} steps
                    {dueAt ? (
                      <>
                        {" "}· due <LocalTime iso={dueAt.toISOString()} />
                      </>
                    ) : null}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  );
}

function Landing() {
  return (
    <section className="card" aria-labelledby="welcome">
      <h1 id="welcome">Step-by-step derivations for the mathematics of ML</h1>
      <p>
        Stepwise checks each step of a derivation, such as dL/da, da/dz and dL/dz for logistic regression, as you type it,
        and tells you which step went wrong.
      </p>
      <p style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap" }}>
        <Link className="button" href="/sign-in">
          Sign in
        </Link>
        <Link className="button secondary" href="/sign-up">
          Create a student account
        </Link>
      </p>
    </section>
  );
}
