/**
 * Permission matrix (issue #5): every server action core and permission check, as anonymous, a
 * student of the course, a student of another course, the course's instructor and another
 * instructor. Rows for other areas' actions and route handlers go here too (see
 * lib/auth/testing/permission-matrix.ts for the row shape and what "denied" means).
 */
import { instructors, only, runPermissionMatrix, signedIn, type MatrixRow } from "@/lib/auth/testing/permission-matrix";
import { assignExercise, changeJoinCode, createCourse, joinCourse, removeStudent, unassignExercise } from "@/lib/auth/commands/courses";
import { createInvitation } from "@/lib/auth/commands/account";
import { exerciseAccess, isCourseOwner, mayEditExercise, mayViewAttempt, mayViewStudentWork } from "@/lib/auth/policy";
import { unauthenticated } from "@/lib/auth/result";
import { attemptsCsv, csvResponse, gradebookCsv } from "@/lib/analytics/csv";
import { checkAnswer, saveDraftFor } from "@/lib/student-work";

const ownerOnly = () => only("instructorOfCourse");

const courseRows: MatrixRow[] = [
  {
    name: "create a course",
    expect: instructors(),
    run: ({ client, user }) => createCourse(client, user, { title: "New course", description: "" }),
  },
  {
    name: "regenerate the course's join code",
    expect: ownerOnly(),
    run: ({ client, user, world }) => changeJoinCode(client, user, { courseId: world.course.id }, "regenerate"),
  },
  {
    name: "revoke the course's join code",
    expect: ownerOnly(),
    run: ({ client, user, world }) => changeJoinCode(client, user, { courseId: world.course.id }, "revoke"),
  },
  {
    name: "remove the course's student",
    expect: ownerOnly(),
    run: ({ client, user, world }) =>
      removeStudent(client, user, { courseId: world.course.id, studentId: world.users.studentOfCourse.id }),
  },
  {
    name: "assign an exercise with a due date",
    expect: ownerOnly(),
    run: ({ client, user, world }) =>
      assignExercise(client, user, { courseId: world.course.id, exerciseId: world.otherExercise.id, dueAt: "2030-01-15T09:30", tzOffset: "0" }),
  },
  {
    name: "change an assigned exercise's due date",
    expect: ownerOnly(),
    run: ({ client, user, world }) =>
      assignExercise(client, user, { courseId: world.course.id, exerciseId: world.exercise.id, dueAt: "2030-01-15T09:30" }),
  },
  {
    name: "unassign an exercise",
    expect: ownerOnly(),
    run: ({ client, user, world }) => unassignExercise(client, user, { courseId: world.course.id, exerciseId: world.exercise.id }),
  },
  {
    name: "join the course by its code",
    expect: signedIn(),
    run: ({ client, user, world }) => joinCourse(client, user, { joinCode: world.course.joinCode }),
  },
  {
    name: "invite an instructor",
    expect: instructors(),
    run: ({ client, user }) => createInvitation(client, user, { email: "new-instructor@example.com" }),
  },
];

/** Permission checks that pages and other areas' actions call (anonymous has no user: denied). */
const checkRows: MatrixRow[] = [
  {
    name: "open an exercise assigned in the course",
    expect: only("studentOfCourse", "instructorOfCourse"),
    run: async ({ client, user, world }) => (user ? exerciseAccess(client, user, world.exercise.id) : null),
  },
  {
    name: "open an exercise assigned only in the other course",
    expect: only("studentOfOtherCourse", "otherInstructor"),
    run: async ({ client, user, world }) => (user ? exerciseAccess(client, user, world.otherExercise.id) : null),
  },
  {
    name: "edit the course instructor's exercise",
    expect: ownerOnly(),
    run: async ({ client, user, world }) => (user ? mayEditExercise(client, user, world.exercise.id) : false),
  },
  {
    name: "view the course student's work in the course",
    expect: only("studentOfCourse", "instructorOfCourse"),
    run: async ({ client, user, world }) =>
      user ? mayViewStudentWork(client, user, world.users.studentOfCourse.id, world.course.id) : false,
  },
  {
    name: "view the course student's attempt",
    expect: only("studentOfCourse", "instructorOfCourse"),
    run: async ({ client, user, world }) => (user ? mayViewAttempt(client, user, world.attempt) : false),
  },
  {
    name: "act as the course's instructor (requireInstructorOf)",
    expect: ownerOnly(),
    run: async ({ client, user, world }) => (user ? isCourseOwner(client, user, world.course.id) : false),
  },
];

/** Other areas' cores, called the way their route handlers and actions call them. */
const otherAreaRows: MatrixRow[] = [
  {
    name: "GET /api/courses/[courseId]/gradebook.csv",
    expect: ownerOnly(),
    run: async ({ client, user, world }) => csvResponse(await gradebookCsv(user, { courseId: world.course.id }, client)),
  },
  {
    name: "GET /api/courses/[courseId]/attempts.csv",
    expect: ownerOnly(),
    run: async ({ client, user, world }) => csvResponse(await attemptsCsv(user, { courseId: world.course.id }, client)),
  },
  {
    name: "check an answer on the course's exercise",
    expect: only("studentOfCourse", "instructorOfCourse"),
    run: async ({ client, user, world }) =>
      user
        ? checkAnswer(user, { slug: world.exercise.slug, stepKey: "dL_da", answer: "a - y" }, client, (u, id) => exerciseAccess(client, { ...user, ...u }, id))
        : unauthenticated(),
  },
  {
    name: "save a draft on the course's exercise",
    expect: only("studentOfCourse", "instructorOfCourse"),
    run: async ({ client, user, world }) =>
      user
        ? saveDraftFor(user, { slug: world.exercise.slug, stepKey: "dL_da", text: "a" }, client, (u, id) => exerciseAccess(client, { ...user, ...u }, id))
        : unauthenticated(),
  },
];

runPermissionMatrix("permission matrix: courses and invitations", courseRows);
runPermissionMatrix("permission matrix: other areas' route handlers and actions", otherAreaRows);
runPermissionMatrix("permission matrix: permission checks", checkRows);
