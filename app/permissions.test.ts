/**
 * Permission matrix (issue #5): every server action core and permission check, as anonymous, a
 * student of the course, a student of another course, the course's instructor and another
 * instructor. Rows for other areas' actions and route handlers go here too (see
 * lib/auth/testing/permission-matrix.ts for the row shape and what "denied" means).
 */
import { instructors, only, PERSONAS, runPermissionMatrix, signedIn, type MatrixRow } from "@/lib/testing/permission-matrix";
import { assignExercise, changeJoinCode, createCourse, grantExtension, joinCourse, removeStudent, unassignExercise } from "@/lib/courses/cores";
import { acceptInvitation, createInvitation } from "@/lib/accounts/cores";
import { exerciseAccess, isCourseOwner, mayEditExercise, mayViewAttempt, mayViewStudentWork } from "@/lib/auth/policy";
import { unauthenticated } from "@/lib/platform/action-result";
import { attemptsCsv, csvResponse, gradebookCsv } from "@/lib/analytics/csv";
import { checkAnswer, plotAnswer, revealHint, revealSolution, saveDraftFor } from "@/lib/student-work/cores";
import {
  deleteExercise,
  exportForAuthor,
  getExerciseForEditor,
  importForAuthor,
  discardStagedVersion,
  duplicateExercise,
  publishExercise,
  publishStagedVersion,
  rollbackExercise,
  runQuestionTests,
  saveExercise,
  unpublishExercise,
} from "@/lib/authoring/cores";
import { regradeExercise, regradeJobStatus, startRegrade } from "@/lib/authoring/regrade";
import { addKnownMistakeFromCluster } from "@/lib/analytics/known-mistake";
import { serializeExerciseFile } from "@/lib/authoring/exercise-io";
import { seedExercises } from "@/prisma/fixtures";
import { createExercise, findExerciseBySlug, stageExerciseVersion, toDefinition } from "@/lib/exercises/queries";
import { enrol, upsertAssignment } from "@/lib/courses/queries";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/password-reset";
import { hashToken } from "@/lib/auth/tokens";
import { checkAnswerAndReport, regradeExerciseAndReport } from "@/lib/lti/cores";
import { registerPlatform } from "@/lib/lti/platforms";
import { ltiAdminView, retryScoreDeliveries, rotateToolKey } from "@/lib/lti/admin";
import { deepLinkChoices, respondToDeepLink } from "@/lib/lti/deep-link";
import { linkLtiAccount } from "@/lib/lti/link-account";
import { syncRoster } from "@/lib/lti/roster";
import { createRegistrationInvite } from "@/lib/lti/dynamic-registration";

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
    name: "give the course's student an extension",
    expect: ownerOnly(),
    run: ({ client, user, world }) =>
      grantExtension(client, user, { courseId: world.course.id, exerciseId: world.exercise.id, studentId: world.users.studentOfCourse.id, dueAt: "2030-02-01T09:00", tzOffset: "0" }),
  },
  {
    name: "assign an exercise with points and a late policy",
    expect: ownerOnly(),
    run: ({ client, user, world }) =>
      assignExercise(client, user, { courseId: world.course.id, exerciseId: world.exercise.id, points: "20", lateKind: "per-day", percentPerDay: "10", maxPercent: "50" }),
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
    // The link is the credential: whoever holds it (signed in or not) may use it, once.
    name: "ask for a password reset link (same answer for every email)",
    expect: only(...PERSONAS),
    run: ({ client, user, world }) => requestPasswordReset(client, user, { email: world.users.studentOfCourse.email }, { address: "192.0.2.1", baseUrl: "http://localhost" }),
  },
  {
    name: "set a new password with the course student's reset link",
    expect: only(...PERSONAS),
    setup: ({ client, world }) =>
      client.passwordReset.create({ data: { userId: world.users.studentOfCourse.id, tokenHash: hashToken("matrix-reset-token"), expiresAt: new Date(Date.now() + 3600_000) } }),
    run: ({ client, user }) => resetPassword(client, user, { token: "matrix-reset-token", password: "a long new passphrase for the matrix" }),
  },
  {
    name: "accept an instructor invitation sent to the course student's email (upgrade the account)",
    expect: only("studentOfCourse"),
    setup: ({ client, world }) =>
      client.invitation.create({
        data: { email: world.users.studentOfCourse.email, tokenHash: hashToken("matrix-invite"), invitedById: world.users.instructorOfCourse.id, expiresAt: new Date(Date.now() + 3600_000) },
      }),
    run: async ({ client, user }) => {
      const r = await acceptInvitation(client, user, { invite: "matrix-invite" });
      // An instructor whose email it is not: 403; already an instructor would be 409 — neither applies here.
      return r;
    },
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
    name: "open the course's exercise in the other course, which does not assign it (the course named decides)",
    expect: only(),
    run: async ({ client, user, world }) => (user ? exerciseAccess(client, user, world.exercise.id, world.otherCourse.id) : null),
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

/** What runRoute does with a CSV core's result: the download, or the failure as JSON with its status. */
function asResponse(result: Awaited<ReturnType<typeof gradebookCsv>>): Response {
  return result.ok ? csvResponse(result) : Response.json({ error: result.formError }, { status: result.status });
}

/** Other areas' cores, called the way their route handlers and actions call them. */
const otherAreaRows: MatrixRow[] = [
  {
    name: "GET /api/courses/[courseId]/gradebook.csv",
    expect: ownerOnly(),
    run: async ({ client, user, world }) => asResponse(await gradebookCsv(client, user, { courseId: world.course.id })),
  },
  {
    name: "GET /api/courses/[courseId]/attempts.csv",
    expect: ownerOnly(),
    run: async ({ client, user, world }) => asResponse(await attemptsCsv(client, user, { courseId: world.course.id })),
  },
  {
    name: "check an answer on the course's exercise",
    expect: only("studentOfCourse", "instructorOfCourse"),
    run: async ({ client, user, world }) =>
      user
        ? checkAnswer(client, user, { slug: world.exercise.slug, stepKey: "dL_da", answer: "a - y" })
        : unauthenticated(),
  },
  {
    name: "save a draft on the course's exercise",
    expect: only("studentOfCourse", "instructorOfCourse"),
    run: async ({ client, user, world }) =>
      user
        ? saveDraftFor(client, user, { slug: world.exercise.slug, stepKey: "dL_da", text: "a" })
        : unauthenticated(),
  },
];

/** The student-work cores, as the exercise page's actions call them (each asks lib/auth/policy itself). */
const plotRow: MatrixRow = {
  name: "plot a checked incorrect answer of the course's exercise",
  expect: only("studentOfCourse", "instructorOfCourse"),
  run: async ({ client, user, world }) => {
    const input = { slug: world.exercise.slug, stepKey: "dL_da", answer: "a + y" };
    // A student may plot only an answer they have checked (a denied persona's check is refused too).
    await checkAnswer(client, user, input);
    return plotAnswer(client, user, input);
  },
};
const studentWorkRows: MatrixRow[] = [
  {
    name: "reveal the first hint of a step of the course's exercise",
    expect: only("studentOfCourse", "instructorOfCourse"),
    run: async ({ client, user, world }) =>
      user ? revealHint(client, user, { slug: world.exercise.slug, stepKey: "dL_da", hintIndex: 0 }) : unauthenticated(),
  },
  {
    name: "reveal a worked solution before any attempt (students must wait; instructors may look)",
    expect: only("instructorOfCourse"),
    run: async ({ client, user, world }) =>
      user ? revealSolution(client, user, { slug: world.exercise.slug, stepKey: "dL_da" }) : unauthenticated(),
  },
  {
    // Issue #13 item 2: the other course assigns the exercise with a past due date and the
    // course's student joins it too; in the course, only the course's own due date counts.
    name: "reveal a worked solution in the course after ANOTHER course's due date passed (student enrolled in both)",
    expect: only("instructorOfCourse"),
    setup: async ({ client, world }) => {
      await upsertAssignment(client, world.otherCourse.id, world.exercise.id, new Date(Date.now() - 24 * 3600 * 1000));
      await enrol(client, world.users.studentOfCourse.id, world.otherCourse.id);
    },
    run: async ({ client, user, world }) =>
      user ? revealSolution(client, user, { slug: world.exercise.slug, stepKey: "dL_da", courseId: world.course.id }) : unauthenticated(),
  },
  {
    // The other course's own student and owner get it by that course's due date (their only course).
    name: "reveal a worked solution without naming a course, when two of the student's courses assign it (one past due)",
    expect: only("instructorOfCourse", "studentOfOtherCourse", "otherInstructor"),
    setup: async ({ client, world }) => {
      await upsertAssignment(client, world.otherCourse.id, world.exercise.id, new Date(Date.now() - 24 * 3600 * 1000));
      await enrol(client, world.users.studentOfCourse.id, world.otherCourse.id);
    },
    run: async ({ client, user, world }) => {
      if (!user) return unauthenticated();
      const r = await revealSolution(client, user, { slug: world.exercise.slug, stepKey: "dL_da" });
      // "Which course?" (409) is a refusal here too: it must not carry the solution.
      return !r.ok && r.status === 409 ? null : r;
    },
  },
  {
    // Issue #13 item 3: assigning someone else's published exercise does not open its key.
    name: "read the worked solution of another instructor's published exercise assigned to one's own course (due next week)",
    expect: only("instructorOfCourse"),
    setup: ({ client, world }) => upsertAssignment(client, world.otherCourse.id, world.exercise.id, new Date(Date.now() + 7 * 24 * 3600 * 1000)),
    run: async ({ client, user, world }) =>
      user ? revealSolution(client, user, { slug: world.exercise.slug, stepKey: "dL_da" }) : unauthenticated(),
  },
  {
    name: "read a worked solution as an instructor (or student) enrolled as a student in the course, before any attempt",
    expect: only("instructorOfCourse"),
    setup: async ({ client, user, world }) => {
      if (user && user.id !== world.users.instructorOfCourse.id && user.id !== world.users.studentOfCourse.id) await enrol(client, user.id, world.course.id);
    },
    run: async ({ client, user, world }) =>
      user ? revealSolution(client, user, { slug: world.exercise.slug, stepKey: "dL_da", courseId: world.course.id }) : unauthenticated(),
  },
  {
    name: "reveal a hint of the other course's exercise",
    expect: only("studentOfOtherCourse", "otherInstructor"),
    run: async ({ client, user, world }) =>
      user ? revealHint(client, user, { slug: world.otherExercise.slug, stepKey: "quotient", hintIndex: 0 }) : unauthenticated(),
  },
  {
    name: "view the other course's student's work in the course (a student id from elsewhere)",
    expect: only("studentOfOtherCourse"),
    run: async ({ client, user, world }) =>
      user ? mayViewStudentWork(client, user, world.users.studentOfOtherCourse.id, world.course.id) : false,
  },
  plotRow,
];

/** Authoring cores (app/author actions and route handlers), on the course instructor's exercise. */
const authoringRows: MatrixRow[] = [
  {
    name: "open the exercise in the editor (answer key included)",
    expect: ownerOnly(),
    run: ({ client, user, world }) => getExerciseForEditor(client, user, { exerciseId: world.exercise.id }),
  },
  {
    name: "save the exercise (new version)",
    expect: ownerOnly(),
    run: ({ client, user, world }) =>
      saveExercise(client, user, { exerciseId: world.exercise.id, exercise: { ...seedExercises[0]!, slug: world.exercise.slug, title: "Changed" } }),
  },
  {
    name: "save a new exercise",
    expect: instructors(),
    run: ({ client, user }) => saveExercise(client, user, { exercise: { ...seedExercises[1]!, slug: "brand-new-exercise" } }),
  },
  {
    name: "run the exercise's question tests",
    expect: ownerOnly(),
    run: ({ client, user, world }) => runQuestionTests(client, user, { exerciseId: world.exercise.id }),
  },
  {
    name: "publish the exercise and assign it to the course",
    expect: ownerOnly(),
    run: ({ client, user, world }) => publishExercise(client, user, { exerciseId: world.exercise.id, courseId: world.course.id }),
  },
  {
    name: "publish the exercise into the OTHER instructor's course",
    expect: only(),
    run: ({ client, user, world }) => publishExercise(client, user, { exerciseId: world.exercise.id, courseId: world.otherCourse.id }),
  },
  {
    name: "duplicate the exercise",
    expect: ownerOnly(),
    run: ({ client, user, world }) => duplicateExercise(client, user, { exerciseId: world.exercise.id }),
  },
  {
    name: "publish the exercise's staged draft",
    expect: ownerOnly(),
    setup: ({ client, world }) => stageCopy(client, world.exercise.slug),
    run: ({ client, user, world }) => publishStagedVersion(client, user, { exerciseId: world.exercise.id }),
  },
  {
    name: "discard the exercise's staged draft",
    expect: ownerOnly(),
    setup: ({ client, world }) => stageCopy(client, world.exercise.slug),
    run: ({ client, user, world }) => discardStagedVersion(client, user, { exerciseId: world.exercise.id }),
  },
  {
    name: "go back to the exercise's previous version",
    expect: ownerOnly(),
    setup: async ({ client, world }) => {
      // A published draft: the version before it is where "go back" returns.
      const stored = (await findExerciseBySlug(client, world.exercise.slug))!;
      const staged = await stageExerciseVersion(client, stored.id, toDefinition(stored.slug, stored.published, stored.currentVersion!));
      await client.exercise.update({ where: { id: stored.id }, data: { currentVersionId: staged.id, stagedVersionId: null, previousVersionId: stored.currentVersion!.id } });
    },
    run: ({ client, user, world }) => rollbackExercise(client, user, { exerciseId: world.exercise.id }),
  },
  {
    name: "unpublish the exercise",
    expect: ownerOnly(),
    run: ({ client, user, world }) => unpublishExercise(client, user, { exerciseId: world.exercise.id }),
  },
  {
    name: "preview: grade an answer",
    expect: ownerOnly(),
    run: ({ client, user, world }) =>
      checkAnswer(client, user, { slug: world.exercise.slug, stepKey: "dL_da", answer: "a - y" }, { preview: { exerciseId: world.exercise.id } }),
  },
  {
    name: "preview: read a step's hint",
    expect: ownerOnly(),
    run: ({ client, user, world }) => revealHint(client, user, { slug: world.exercise.slug, stepKey: "dL_da", hintIndex: 0 }, { preview: { exerciseId: world.exercise.id } }),
  },
  {
    name: "preview: read a step's solution",
    expect: ownerOnly(),
    run: ({ client, user, world }) => revealSolution(client, user, { slug: world.exercise.slug, stepKey: "dL_da" }, { preview: { exerciseId: world.exercise.id } }),
  },
  {
    name: "delete a draft exercise of the course's instructor (never published, no attempts)",
    expect: ownerOnly(),
    setup: ({ client, world }) =>
      client.$transaction((tx) =>
        createExercise(tx, { ...seedExercises[1]!, slug: "matrix-draft", published: false }, { authorId: world.users.instructorOfCourse.id, courseId: world.course.id }),
      ),
    run: async ({ client, user }) => {
      const draft = await client.exercise.findUniqueOrThrow({ where: { slug: "matrix-draft" }, select: { id: true } });
      return deleteExercise(client, user, { exerciseId: draft.id });
    },
  },
  {
    name: "GET /author/[exerciseId]/export",
    expect: ownerOnly(),
    run: ({ client, user, world }) => exportForAuthor(client, user, { exerciseId: world.exercise.id }),
  },
  {
    name: "import an exercise file",
    expect: instructors(),
    run: ({ client, user }) => importForAuthor(client, user, { text: serializeExerciseFile([{ ...seedExercises[1]!, slug: "imported-exercise" }]) }),
  },
  {
    name: "import an exercise file into the other instructor's course",
    expect: only("otherInstructor"),
    run: ({ client, user, world }) =>
      importForAuthor(client, user, { text: serializeExerciseFile([{ ...seedExercises[1]!, slug: "imported-exercise" }]), courseId: world.otherCourse.id }),
  },
  {
    name: "POST /author/[exerciseId]/regrade",
    expect: ownerOnly(),
    run: ({ client, user, world }) => regradeExercise(client, user, { exerciseId: world.exercise.id }),
  },
  {
    name: "POST /author/[exerciseId]/regrade (start the regrade job)",
    expect: ownerOnly(),
    run: ({ client, user, world }) => startRegrade(client, user, { exerciseId: world.exercise.id }),
  },
  {
    name: "GET /author/[exerciseId]/regrade (the regrade job's progress and summary)",
    expect: ownerOnly(),
    run: ({ client, user, world }) => regradeJobStatus(client, user, { exerciseId: world.exercise.id }),
  },
];

/** Analytics: "turn a cluster into a known mistake" (course owner who may edit the exercise). */
const mistake = { stepKey: "dL_da", expression: "y/a + (1-y)/(1-a)", feedback: "Check the sign of the first term." };
const analyticsRows: MatrixRow[] = [
  {
    name: "add a known mistake from the course's analytics",
    expect: ownerOnly(),
    run: ({ client, user, world }) => addKnownMistakeFromCluster(client, user, { courseId: world.course.id, exerciseId: world.exercise.id, ...mistake }),
  },
  {
    name: "add a known mistake to an exercise not assigned in the given course",
    expect: only(),
    run: ({ client, user, world }) =>
      addKnownMistakeFromCluster(client, user, { courseId: world.course.id, exerciseId: world.otherExercise.id, ...mistake, stepKey: "quotient" }),
  },
  {
    name: "add a known mistake to the course's exercise through the other course",
    expect: only(),
    run: ({ client, user, world }) => addKnownMistakeFromCluster(client, user, { courseId: world.otherCourse.id, exerciseId: world.exercise.id, ...mistake }),
  },
];

/** LTI 1.3 (issue 19): registration page, deep-linking picker, the check that reports scores. */
const platformInput = {
  issuer: "https://lms.example.edu",
  clientId: "client-1",
  deploymentId: "dep-1",
  jwksUrl: "https://lms.example.edu/jwks",
  authUrl: "https://lms.example.edu/auth",
  tokenUrl: "https://lms.example.edu/token",
};
/** A deep-linking request opened by the course's instructor (only they may answer it). */
const deepLinkSetup: MatrixRow["setup"] = async ({ client, world }) => {
  const platform = await client.ltiPlatform.create({ data: { issuer: platformInput.issuer, clientId: platformInput.clientId, jwksUrl: platformInput.jwksUrl, authUrl: platformInput.authUrl, tokenUrl: platformInput.tokenUrl } });
  await client.ltiDeepLinkRequest.create({
    data: { id: "dl-request", platformId: platform.id, deploymentId: "dep-1", userId: world.users.instructorOfCourse.id, returnUrl: "https://lms.example.edu/dl", expiresAt: new Date(Date.now() + 3600_000) },
  });
};
/** The demo course linked to an LMS context that offers its roster (NRPS). */
const rosterSetup: MatrixRow["setup"] = async ({ client, world }) => {
  const platform = await client.ltiPlatform.create({ data: { issuer: platformInput.issuer, clientId: platformInput.clientId, jwksUrl: platformInput.jwksUrl, authUrl: platformInput.authUrl, tokenUrl: platformInput.tokenUrl } });
  await client.ltiContext.create({ data: { platformId: platform.id, deploymentId: "dep-1", contextId: "ctx-1", courseId: world.course.id, membershipsUrl: "https://lms.example.edu/memberships" } });
};
/** The platform's token and roster endpoints, answered without a network. */
const rosterFetch: typeof fetch = async (url) =>
  String(url) === platformInput.tokenUrl
    ? Response.json({ access_token: "matrix-token", expires_in: 60 })
    : new Response(JSON.stringify({ context: { id: "ctx-1" }, members: [{ user_id: "lms-learner-1", roles: ["Learner"], name: "Lee Learner" }] }), { headers: { "content-type": "application/vnd.ims.lti-nrps.v2.membershipcontainer+json" } });
const ltiRows: MatrixRow[] = [
  {
    name: "LTI: sync the course roster from the LMS (NRPS, course page)",
    expect: only("instructorOfCourse"),
    setup: rosterSetup,
    run: ({ client, user, world }) => syncRoster(client, user, { courseId: world.course.id }, { allowInsecure: false, fetch: rosterFetch }),
  },
  {
    name: "LTI: sync the other course's roster (not the demo instructor's; its owner gets 404: not linked to an LMS)",
    expect: only(),
    setup: rosterSetup,
    run: ({ client, user, world }) => syncRoster(client, user, { courseId: world.otherCourse.id }, { allowInsecure: false, fetch: rosterFetch }),
  },
  {
    name: "LTI: register a platform (/lti)",
    expect: instructors(),
    run: ({ client, user }) => registerPlatform(client, user, platformInput, { allowInsecure: false }),
  },
  {
    // GET /lti/register itself is authenticated by this invite, not by a session (the LMS opens it
    // in a frame): lib/lti/dynamic-registration.test.ts covers its refusals.
    name: "LTI: make a dynamic registration URL (/lti)",
    expect: instructors(),
    run: ({ client, user }) => createRegistrationInvite(client, user, null, { publicUrl: "https://stepwise.example.org" }),
  },
  {
    name: "LTI: the registration page's data (platforms, keys, failed score deliveries)",
    expect: instructors(),
    run: ({ client, user }) => ltiAdminView(client, user),
  },
  {
    name: "LTI: retry score deliveries",
    expect: instructors(),
    run: ({ client, user }) => retryScoreDeliveries(client, user),
  },
  {
    name: "LTI: rotate the tool's signing key",
    expect: instructors(),
    run: ({ client, user }) => rotateToolKey(client, user),
  },
  {
    name: "LTI: the deep-linking picker of a request",
    expect: only("instructorOfCourse"),
    setup: deepLinkSetup,
    run: ({ client, user }) => deepLinkChoices(client, user, { requestId: "dl-request" }),
  },
  {
    name: "POST /lti/deep-link/[requestId]/respond",
    expect: only("instructorOfCourse"),
    setup: deepLinkSetup,
    run: ({ client, user, world }) => respondToDeepLink(client, user, { requestId: "dl-request", exerciseId: world.exercise.id }, { publicUrl: "https://stepwise.example.org" }),
  },
  {
    // Only accounts made by an LMS launch may be linked; none of the personas is one.
    name: "LTI: link a launch-made account to an existing one (/lti/link)",
    expect: only(),
    run: ({ client, user }) =>
      linkLtiAccount(client, user, { email: "student@stepwise.test", password: "wrong-password-for-the-matrix" }, { address: "192.0.2.1" }),
  },
  {
    name: "POST /author/[exerciseId]/regrade (the regrade, then the LTI score report)",
    expect: ownerOnly(),
    run: ({ client, user, world }) => regradeExerciseAndReport(client, user, { exerciseId: world.exercise.id }),
  },
  {
    name: "check an answer on the course's exercise (exercise page: with the LTI score report)",
    expect: only("studentOfCourse", "instructorOfCourse"),
    run: async ({ client, user, world }) =>
      user ? checkAnswerAndReport(client, user, { slug: world.exercise.slug, stepKey: "dL_da", answer: "a - y" }) : unauthenticated(),
  },
];

runPermissionMatrix("permission matrix: courses and invitations", courseRows);
runPermissionMatrix("permission matrix: LTI 1.3", ltiRows);
runPermissionMatrix("permission matrix: student work (hints, solutions, other students)", studentWorkRows);
runPermissionMatrix("permission matrix: authoring", authoringRows);
runPermissionMatrix("permission matrix: analytics", analyticsRows);
runPermissionMatrix("permission matrix: other areas' route handlers and actions", otherAreaRows);
runPermissionMatrix("permission matrix: permission checks", checkRows);

/** A staged draft identical to the exercise's current version (for the staged-version rows). */
async function stageCopy(client: Parameters<typeof stageExerciseVersion>[0], slug: string) {
  const stored = (await findExerciseBySlug(client, slug))!;
  await stageExerciseVersion(client, stored.id, toDefinition(stored.slug, stored.published, stored.currentVersion!));
}
