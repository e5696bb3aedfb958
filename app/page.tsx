import Link from "next/link";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { getCurrentUser } from "@/lib/auth/session";
import { listOwnedCourses } from "@/lib/courses/queries";
import { getStudentProgress } from "@/lib/student-work/progress";
import { ExerciseStatusList } from "./courses/_components/exercise-status-list";
import { LandingDemo } from "./_components/landing-demo";
import { LocalTime } from "./courses/_components/local-time";

/** Home by role: a landing page when signed out, the assigned exercises for students (and for
 * instructors enrolled in someone's course), the instructor's courses for instructors. */
export default async function HomePage() {
  await connection();
  const user = await getCurrentUser();
  if (!user) return <Landing />;

  const [progress, owned] = await Promise.all([
    getStudentProgress(db, user.id),
    user.role === "INSTRUCTOR" ? listOwnedCourses(db, user.id) : Promise.resolve([]),
  ]);
  // Every assigned exercise with its status (issue 17 item 3); overdue work first for "Continue".
  const exercises = progress.courses.flatMap((c) => c.exercises.map((e) => ({ ...e, courseId: c.courseId, courseTitle: c.title })));

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

      {user.role === "STUDENT" || exercises.length > 0 ? (
        <section aria-labelledby="your-exercises">
          {user.role === "STUDENT" ? <h1 id="your-exercises">Your exercises</h1> : <h2 id="your-exercises">Exercises in courses you take</h2>}
          {exercises.length === 0 ? (
            <p>
              No exercises yet. <Link href="/courses">Join a course</Link> with the code from your instructor.
            </p>
          ) : (
            <ExerciseStatusList exercises={exercises} label="Your exercises" />
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
      <p>
        Each answer is an expression. Stepwise evaluates it against the expected one at random points, so any correct form is accepted, and a
        recognised mistake gets feedback that names it. Try one step here, without an account (it is graded in your browser, nothing is stored):
      </p>
      <LandingDemo />
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
