import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { requireUser } from "@/lib/auth/session";
import { isInstructorOf } from "@/lib/auth/permissions";
import { isEnrolled } from "@/lib/auth/policy";
import { getCourseForOwner, getCourseForStudent, listAssignableExercises } from "@/lib/courses/queries";
import { ActionForm } from "../_components/action-form";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { LocalTime, TimezoneOffsetInput } from "../_components/local-time";
import { ExerciseStatusList } from "../_components/exercise-status-list";
import { getStudentProgress } from "@/lib/student-work/progress";
import { describeLatePolicy, parseLatePolicy } from "@/lib/courses/late-policy";
import { rosterService } from "@/lib/lti/roster";
import {
  assignExerciseAction,
  regenerateJoinCodeAction,
  removeStudentAction,
  revokeJoinCodeAction,
  syncRosterAction,
  unassignExerciseAction,
} from "./actions";

type Props = { params: Promise<{ courseId: string }> };

/** Pages here render per request (connection()), so "now" is the time of the request. */
const isPast = (d: Date) => d.getTime() < Date.now();

export const metadata: Metadata = { title: "Course" };

export default async function CoursePage({ params }: Props) {
  await connection();
  const { courseId } = await params;
  const user = await requireUser({ next: `/courses/${courseId}` });
  if (await isInstructorOf(user, courseId)) return <OwnerView courseId={courseId} userId={user.id} />;
  if (await isEnrolled(db, user.id, courseId)) return <StudentView courseId={courseId} userId={user.id} />;
  // Someone else's course: indistinguishable from one that does not exist.
  notFound();
}

async function StudentView({ courseId, userId }: { courseId: string; userId: string }) {
  const [course, progress] = await Promise.all([getCourseForStudent(db, courseId), getStudentProgress(db, userId)]);
  if (!course) notFound();
  const exercises = (progress.courses.find((c) => c.courseId === courseId)?.exercises ?? []).map((e) => ({ ...e, courseId }));
  return (
    <>
      <h1>{course.title}</h1>
      <p className="muted">Taught by {course.owner.name}</p>
      {course.description ? <p>{course.description}</p> : null}
      <h2>Exercises</h2>
      {exercises.length === 0 ? <p className="muted">Nothing is assigned yet.</p> : null}
      {exercises.length > 0 && exercises.every((e) => e.complete) ? <p className="notice ok">Every exercise in this course is complete.</p> : null}
      <ExerciseStatusList exercises={exercises} label="Exercises in this course" />
    </>
  );
}

async function OwnerView({ courseId, userId }: { courseId: string; userId: string }) {
  const [course, assignable, lms] = await Promise.all([getCourseForOwner(db, courseId), listAssignableExercises(db, userId), rosterService(db, courseId)]);
  if (!course) notFound();
  const assignedIds = new Set(course.assignments.map((a) => a.exercise.id));
  const unassigned = assignable.filter((e) => !assignedIds.has(e.id));
  return (
    <>
      <h1>{course.title}</h1>
      {course.description ? <p>{course.description}</p> : null}
      <p>
        <Link href={`/courses/${course.id}/gradebook`}>Gradebook</Link> · <Link href={`/courses/${course.id}/analytics`}>Analytics</Link>
      </p>

      <section aria-labelledby="join-code" className="card">
        <h2 id="join-code" style={{ marginTop: 0 }}>Join code</h2>
        {course.joinCode ? (
          <p>
            Students join with <strong><code data-testid="join-code">{course.joinCode}</code></strong> at Courses, or when they sign up.
          </p>
        ) : (
          <p>Joining is closed: the code was revoked. Generate a new one to reopen it.</p>
        )}
        <div style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap" }}>
          <ActionForm action={regenerateJoinCodeAction} successMessage="A new join code was generated; the old one no longer works.">
            <input type="hidden" name="courseId" value={course.id} />
            <button type="submit" className="secondary">{course.joinCode ? "Generate a new code" : "Generate a code"}</button>
          </ActionForm>
          {course.joinCode ? (
            <ActionForm action={revokeJoinCodeAction} successMessage="The join code was revoked.">
              <input type="hidden" name="courseId" value={course.id} />
              <ConfirmButton
                title="Revoke the join code?"
                message="Nobody can join with this code any more. Students already enrolled stay. You can generate a new code later."
                confirmLabel="Revoke code"
              >
                Revoke code
              </ConfirmButton>
            </ActionForm>
          ) : null}
        </div>
      </section>

      <section aria-labelledby="assignments">
        <h2 id="assignments">Assigned exercises</h2>
        {course.assignments.length === 0 ? <p className="muted">Nothing is assigned yet.</p> : (
          <div className="table-scroll" role="region" aria-label="Assigned exercises" tabIndex={0}>
            <table>
              <thead>
                <tr><th scope="col">Exercise</th><th scope="col">Due</th><th scope="col">Points</th><th scope="col">Late work</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
              </thead>
              <tbody>
                {course.assignments.map(({ exercise, dueAt, points, latePolicy }) => {
                  const title = exercise.currentVersion?.title ?? exercise.slug;
                  return (
                    <tr key={exercise.id}>
                      <td>
                        <Link href={`/courses/${course.id}/exercises/${exercise.slug}`}>{title}</Link>
                        {exercise.published ? null : <span className="muted"> (draft: hidden from students)</span>}
                      </td>
                      <td>
                        {dueAt ? <LocalTime iso={dueAt.toISOString()} /> : <span className="muted">No due date</span>}
                        {dueAt && isPast(dueAt) ? <span className="muted"> (passed)</span> : null}
                      </td>
                      <td>{points}</td>
                      <td>{describeLatePolicy(parseLatePolicy(latePolicy))}</td>
                      <td>
                        <ActionForm action={unassignExerciseAction}>
                          <input type="hidden" name="courseId" value={course.id} />
                          <input type="hidden" name="exerciseId" value={exercise.id} />
                          <button type="submit" className="secondary" aria-label={`Unassign ${title}`}>Unassign</button>
                        </ActionForm>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <h3>Assign an exercise or change a due date</h3>
        <ActionForm action={assignExerciseAction} className="card" label="Assign an exercise" successMessage="Saved.">
          <input type="hidden" name="courseId" value={course.id} />
          <TimezoneOffsetInput />
          <div className="field">
            <label htmlFor="assign-exercise">Exercise</label>
            <select id="assign-exercise" name="exerciseId" required>
              {unassigned.length ? (
                <optgroup label="Not yet assigned">
                  {unassigned.map((e) => (
                    <option key={e.id} value={e.id}>{(e.currentVersion?.title ?? e.slug) + (e.published ? "" : " (draft)")}</option>
                  ))}
                </optgroup>
              ) : null}
              {course.assignments.length ? (
                <optgroup label="Assigned (change due date)">
                  {course.assignments.map(({ exercise }) => (
                    <option key={exercise.id} value={exercise.id}>{exercise.currentVersion?.title ?? exercise.slug}</option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          </div>
          <div className="field">
            <label htmlFor="assign-due">Due date (optional, your local time)</label>
            <input id="assign-due" name="dueAt" type="datetime-local" />
          </div>
          <div className="field">
            <label htmlFor="assign-points">Points (empty: unchanged; 10 for a new assignment)</label>
            <input id="assign-points" name="points" type="number" min={0} max={10000} step="any" inputMode="decimal" />
          </div>
          <fieldset className="field">
            <legend>Late work (after the due date, or a student&apos;s extension)</legend>
            <label>
              <input type="radio" name="lateKind" value="keep" defaultChecked /> Unchanged (counts in full for a new assignment)
            </label>
            <label>
              <input type="radio" name="lateKind" value="none" /> Counts in full (marked late)
            </label>
            <label>
              <input type="radio" name="lateKind" value="cutoff" /> Earns nothing (cut-off)
            </label>
            <label>
              <input type="radio" name="lateKind" value="per-day" /> Loses a percentage per day late:
            </label>
            <div className="inline-fields">
              <label htmlFor="assign-per-day">% per day</label>
              <input id="assign-per-day" name="percentPerDay" type="number" min={0.01} max={100} step="any" inputMode="decimal" />
              <label htmlFor="assign-max">at most %</label>
              <input id="assign-max" name="maxPercent" type="number" min={0.01} max={100} step="any" inputMode="decimal" />
            </div>
          </fieldset>
          <button type="submit">Save assignment</button>
        </ActionForm>
      </section>

      <section aria-labelledby="roster">
        <h2 id="roster">Students ({course.enrolments.length})</h2>
        {course.enrolments.length > 0 ? <p className="muted">Select a name to see every attempt of that student.</p> : null}
        {lms.available ? (
          <ActionForm action={syncRosterAction} className="card" label="Sync roster from LMS">
            <input type="hidden" name="courseId" value={course.id} />
            <p style={{ marginTop: 0 }}>
              This course is linked to a course in your LMS. Syncing enrols its students and unenrols those who left it (their work is kept).{" "}
              {lms.lastSyncedAt ? <span className="muted">Last synced <LocalTime iso={lms.lastSyncedAt.toISOString()} />.</span> : <span className="muted">Never synced.</span>}
            </p>
            <button type="submit" className="secondary">Sync roster from LMS</button>
          </ActionForm>
        ) : null}
        {course.enrolments.length === 0 ? <p className="muted">No students yet. Share the join code.</p> : (
          <div className="table-scroll" role="region" aria-label="Students" tabIndex={0}>
            <table>
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Joined</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
              </thead>
              <tbody>
                {course.enrolments.map(({ user: student, createdAt }) => (
                  <tr key={student.id}>
                    <td>
                      <Link href={`/courses/${course.id}/students/${student.id}`} title={`All attempts of ${student.name}`}>
                        {student.name}
                      </Link>
                    </td>
                    <td>{student.email}</td>
                    <td><LocalTime iso={createdAt.toISOString()} /></td>
                    <td>
                      <ActionForm action={removeStudentAction}>
                        <input type="hidden" name="courseId" value={course.id} />
                        <input type="hidden" name="studentId" value={student.id} />
                        <ConfirmButton
                          label={`Remove ${student.name} from the course`}
                          title={`Remove ${student.name}?`}
                          message={`${student.name} loses access to this course's exercises. Their attempts are kept; they can join again with the code.`}
                          confirmLabel="Remove student"
                        >
                          Remove
                        </ConfirmButton>
                      </ActionForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
