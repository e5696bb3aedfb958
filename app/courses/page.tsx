import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { requireUser } from "@/lib/auth/session";
import { listEnrolledCourses, listOwnedCourses } from "@/lib/courses/queries";
import { ActionForm } from "./_components/action-form";
import { InviteForm } from "./_components/invite-form";
import { createCourseAction, joinCourseAction } from "./actions";

export const metadata: Metadata = { title: "Courses" };

export default async function CoursesPage() {
  await connection();
  const user = await requireUser({ next: "/courses" });
  const instructor = user.role === "INSTRUCTOR";
  const [owned, enrolled] = await Promise.all([
    instructor ? listOwnedCourses(db, user.id) : Promise.resolve([]),
    listEnrolledCourses(db, user.id),
  ]);

  return (
    <>
      <h1>Courses</h1>
      {instructor ? (
        <section aria-labelledby="teaching">
          <h2 id="teaching">Courses you teach</h2>
          {owned.length === 0 ? <p className="muted">You have no courses yet.</p> : null}
          <ul className="card-list">
            {owned.map((course) => (
              <li key={course.id} className="card">
                <Link href={`/courses/${course.id}`}>{course.title}</Link>
                <p className="muted" style={{ margin: "0.25rem 0 0" }}>
                  {course._count.enrolments} students · {course._count.assignments} exercises · join code{" "}
                  {course.joinCode ? <code>{course.joinCode}</code> : "revoked"}
                </p>
              </li>
            ))}
          </ul>
          <h3>Create a course</h3>
          <ActionForm action={createCourseAction} className="card" label="Create a course">
            <div className="field">
              <label htmlFor="course-title">Title</label>
              <input id="course-title" name="title" type="text" required maxLength={120} />
            </div>
            <div className="field">
              <label htmlFor="course-description">Description (optional)</label>
              <textarea id="course-description" name="description" rows={3} maxLength={2000} />
            </div>
            <button type="submit">Create course</button>
          </ActionForm>
          <h3>Invite an instructor</h3>
          <div className="card">
            <InviteForm />
          </div>
        </section>
      ) : null}

      <section aria-labelledby="enrolled">
        <h2 id="enrolled">{instructor ? "Courses you take" : "Your courses"}</h2>
        {enrolled.length === 0 ? <p className="muted">You have not joined a course yet.</p> : null}
        <ul className="card-list">
          {enrolled.map((course) => (
            <li key={course.id} className="card">
              <Link href={`/courses/${course.id}`}>{course.title}</Link>
              <p className="muted" style={{ margin: "0.25rem 0 0" }}>
                {course.owner.name} · {course._count.assignments} exercises
              </p>
            </li>
          ))}
        </ul>
        <h3>Join a course</h3>
        <ActionForm action={joinCourseAction} className="card" label="Join a course">
          <div className="field">
            <label htmlFor="join-code">Join code</label>
            <input id="join-code" name="joinCode" type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} required />
          </div>
          <button type="submit">Join course</button>
        </ActionForm>
      </section>
    </>
  );
}
