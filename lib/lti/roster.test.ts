/**
 * Roster sync (NRPS 2.0) against the mock platform's membership endpoint: the launch keeps the
 * claim, the sync pages through the container with a contextmembership.readonly token, maps roles
 * as a launch does, unenrols (never deletes) students who are inactive or gone, and changes nothing
 * when the platform refuses, is down, or fails half-way.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/types";
import { demoAccounts } from "@/prisma/fixtures";
import { demoUser } from "@/lib/testing/test-db";
import { checkAnswerAndReport } from "./cores";
import { describeRosterSync, parseLinkHeader, syncRoster } from "./roster";
import { clearTokenCache } from "./service-client";
import { ROLE_INSTRUCTOR, ROLE_LEARNER, ROLE_TEACHING_ASSISTANT, type NrpsMember } from "./testing/mock-platform";
import { withMockPlatform } from "./testing/with-mock-platform";

const NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const NRPS_MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
const lti = withMockPlatform();
const options = { allowInsecure: true };

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  clearTokenCache();
  lti.mock.refusedScopes.clear();
  lti.mock.nrpsPageSize = 50;
});

/** An LMS course: its instructor launched it (and owns the Stepwise course); returns both. */
async function lmsCourse(contextId: string): Promise<{ teacher: CurrentUser; courseId: string }> {
  const teacher = await lti.launchUser({ sub: `teacher-${contextId}`, name: "Tess Teacher", roles: [ROLE_INSTRUCTOR], targetLinkUri: lti.exerciseUrl(), contextId, resourceLinkId: `link-${contextId}` });
  const row = await lti.t.db.ltiContext.findFirstOrThrow({ where: { contextId } });
  return { teacher, courseId: row.courseId };
}

const learner = (user_id: string, extra: Partial<NrpsMember> = {}): NrpsMember => ({ user_id, roles: [ROLE_LEARNER], name: `Learner ${user_id}`, ...extra });
const enrolledSubs = async (courseId: string) => {
  const users = await lti.t.db.enrolment.findMany({ where: { courseId }, select: { userId: true } });
  const ids = await lti.t.db.ltiUser.findMany({ where: { userId: { in: users.map((u) => u.userId) } }, select: { sub: true } });
  return ids.map((i) => i.sub).sort();
};
const accountOf = async (sub: string) => {
  const row = await lti.t.db.ltiUser.findFirstOrThrow({ where: { sub } });
  return lti.t.db.user.findUniqueOrThrow({ where: { id: row.userId }, select: { id: true, email: true, name: true, role: true } });
};

describe("the launch", () => {
  it("keeps the NRPS claim (context_memberships_url, service_versions) on the LTI context", async () => {
    await lmsCourse("ctx-claim");
    const row = await lti.t.db.ltiContext.findFirstOrThrow({ where: { contextId: "ctx-claim" } });
    expect(row.membershipsUrl).toBe(lti.mock.membershipsUrl("ctx-claim"));
    expect(JSON.parse(row.nrpsServiceVersions!)).toEqual(["2.0"]);
    expect(row.rosterSyncedAt).toBeNull();
  });
});

describe("syncRoster", () => {
  it("reads every page with a contextmembership.readonly token, creates and enrols students, makes TAs and instructors instructors", async () => {
    const { teacher, courseId } = await lmsCourse("ctx-paging");
    lti.mock.nrpsPageSize = 2;
    lti.mock.rosters.set("ctx-paging", [
      { user_id: "teacher-ctx-paging", roles: [ROLE_INSTRUCTOR] },
      learner("p-ada", { name: undefined, given_name: "Ada", family_name: "Lovelace" }),
      learner("p-bob"),
      { user_id: "p-tara", roles: [ROLE_TEACHING_ASSISTANT], name: "Tara Assistant" },
      learner("p-cy"),
      { user_id: "p-ivan", roles: ["Instructor"], name: "Ivan Instructor" }, // short role names are LIS too
    ]);
    const before = lti.mock.nrpsRequests.length;
    const result = await syncRoster(lti.t.db, teacher, { courseId }, options);
    expect(result).toMatchObject({ ok: true, summary: { members: 6, added: 3, inactive: 0, promoted: 0, instructorsAdded: 2 } });
    if (!result.ok) return;
    expect(result.message).toBe("6 members: 3 added, 0 now inactive, 2 instructors added.");

    const requests = lti.mock.nrpsRequests.slice(before);
    expect(requests.map((r) => new URL(r.path, lti.mock.issuer).searchParams.get("page"))).toEqual([null, "2", "3"]);
    expect(requests.every((r) => r.accept === NRPS_MEDIA_TYPE)).toBe(true);
    expect(lti.mock.tokenRequests.at(-1)!.scope).toBe(NRPS_SCOPE);
    // The last page's `differences` link is not followed.
    expect(requests.some((r) => r.path.includes("since="))).toBe(false);

    expect(await enrolledSubs(courseId)).toEqual(["p-ada", "p-bob", "p-cy"]);
    expect(await accountOf("p-ada")).toMatchObject({ name: "Ada Lovelace", role: "STUDENT", email: expect.stringMatching(/@lti\.stepwise\.invalid$/) });
    expect(await accountOf("p-tara")).toMatchObject({ role: "INSTRUCTOR" });
    expect(await accountOf("p-ivan")).toMatchObject({ role: "INSTRUCTOR" });
    const context = await lti.t.db.ltiContext.findFirstOrThrow({ where: { contextId: "ctx-paging" } });
    expect(context.rosterSyncedAt).not.toBeNull();

    // A second sync with nothing changed changes nothing.
    expect(await syncRoster(lti.t.db, teacher, { courseId }, options)).toMatchObject({ ok: true, summary: { members: 6, added: 0, inactive: 0, promoted: 0, instructorsAdded: 0 } });
  });

  it("maps roles as a launch does: the account a launch made is reused, a student with an instructor role is promoted, nobody is demoted", async () => {
    const { teacher, courseId } = await lmsCourse("ctx-roles");
    const launched = await lti.launchUser({ sub: "r-sam", roles: [ROLE_LEARNER], targetLinkUri: lti.exerciseUrl(), contextId: "ctx-roles", resourceLinkId: "link-ctx-roles" });
    lti.mock.rosters.set("ctx-roles", [
      { user_id: "teacher-ctx-roles", roles: [ROLE_LEARNER] }, // listed as a learner now: not demoted
      { user_id: "r-sam", roles: [ROLE_TEACHING_ASSISTANT] },
    ]);
    const result = await syncRoster(lti.t.db, teacher, { courseId }, options);
    expect(result).toMatchObject({ ok: true, summary: { members: 2, promoted: 1 } });
    expect(await accountOf("r-sam")).toMatchObject({ id: launched.id, role: "INSTRUCTOR" });
    expect((await lti.t.db.user.findUniqueOrThrow({ where: { id: teacher.id } })).role).toBe("INSTRUCTOR");
  });

  it("unenrols students who are Inactive, Deleted or gone from the roster — their attempts are kept — and enrols them again when they are back", async () => {
    const { teacher, courseId } = await lmsCourse("ctx-inactive");
    lti.mock.rosters.set("ctx-inactive", [{ user_id: "teacher-ctx-inactive", roles: [ROLE_INSTRUCTOR] }, learner("i-ann"), learner("i-ben"), learner("i-cat"), learner("i-dan")]);
    await syncRoster(lti.t.db, teacher, { courseId }, options);
    // Ann solved a step through a launch (an attempt in this course).
    const ann = await lti.launchUser({ sub: "i-ann", roles: [ROLE_LEARNER], targetLinkUri: lti.exerciseUrl(), contextId: "ctx-inactive", resourceLinkId: "link-ctx-inactive" });
    expect(await checkAnswerAndReport(lti.t.db, ann, { slug: "logistic-regression-gradient", stepKey: "dL_da", answer: "(a-y)/(a(1-a))", courseId })).toMatchObject({ ok: true, verdict: "correct" });
    const attempts = await lti.t.db.attempt.count({ where: { userId: ann.id } });
    expect(attempts).toBeGreaterThan(0);
    // A student who joined with the join code is not in the LMS roster and stays.
    const demo = await lti.t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.student.email } });
    await lti.t.db.enrolment.create({ data: { userId: demo.id, courseId } });

    lti.mock.rosters.set("ctx-inactive", [
      { user_id: "teacher-ctx-inactive", roles: [ROLE_INSTRUCTOR] },
      learner("i-ann", { status: "Inactive" }),
      learner("i-ben", { status: "Deleted" }),
      learner("i-cat"),
      learner("i-eve", { status: "Inactive" }), // never seen: no account is made
    ]); // i-dan vanished
    const result = await syncRoster(lti.t.db, teacher, { courseId }, options);
    expect(result).toMatchObject({ ok: true, summary: { members: 5, added: 0, inactive: 3 }, message: "5 members: 0 added, 3 now inactive." });
    expect(await enrolledSubs(courseId)).toEqual(["i-cat"]);
    expect(await lti.t.db.enrolment.count({ where: { courseId, userId: demo.id } })).toBe(1);
    expect(await lti.t.db.attempt.count({ where: { userId: ann.id } })).toBe(attempts);
    expect(await lti.t.db.stepProgress.count({ where: { userId: ann.id } })).toBeGreaterThan(0);
    expect(await lti.t.db.ltiUser.count({ where: { sub: { in: ["i-ann", "i-ben", "i-dan"] } } })).toBe(3);
    expect(await lti.t.db.ltiUser.count({ where: { sub: "i-eve" } })).toBe(0);

    lti.mock.rosters.set("ctx-inactive", [{ user_id: "teacher-ctx-inactive", roles: [ROLE_INSTRUCTOR] }, learner("i-ann"), learner("i-cat")]);
    expect(await syncRoster(lti.t.db, teacher, { courseId }, options)).toMatchObject({ ok: true, summary: { added: 1, inactive: 0 } });
    expect(await enrolledSubs(courseId)).toEqual(["i-ann", "i-cat"]);
  });

  it("a platform that refuses the token changes nothing and says so", async () => {
    const { teacher, courseId } = await lmsCourse("ctx-refused");
    lti.mock.rosters.set("ctx-refused", [learner("x-1"), learner("x-2")]);
    lti.mock.refusedScopes.add(NRPS_SCOPE);
    const result = await syncRoster(lti.t.db, teacher, { courseId }, options);
    expect(result).toMatchObject({ ok: false, status: 502, formError: expect.stringMatching(/^The LMS refused the roster request \(token endpoint: HTTP 400.*\)\. Nothing was changed\.$/) });
    expect(await lti.t.db.ltiUser.count({ where: { sub: { in: ["x-1", "x-2"] } } })).toBe(0);
    expect((await lti.t.db.ltiContext.findFirstOrThrow({ where: { contextId: "ctx-refused" } })).rosterSyncedAt).toBeNull();
  });

  it("a platform that is down changes nothing and says so", async () => {
    const { teacher, courseId } = await lmsCourse("ctx-down");
    lti.mock.rosters.set("ctx-down", [learner("d-1")]);
    const port = lti.mock.port;
    await lti.mock.stop();
    try {
      const result = await syncRoster(lti.t.db, teacher, { courseId }, options);
      expect(result).toMatchObject({ ok: false, status: 502, formError: expect.stringMatching(/^Could not get the roster from the LMS \(127\.0\.0\.1:\d+ unreachable.*Nothing was changed\.$/) });
    } finally {
      await lti.mock.start(port);
    }
    expect(await lti.t.db.ltiUser.count({ where: { sub: "d-1" } })).toBe(0);
  });

  it("a platform that fails on a later page changes nothing (pages are read before any write)", async () => {
    const { teacher, courseId } = await lmsCourse("ctx-halfway");
    lti.mock.nrpsPageSize = 1;
    lti.mock.rosters.set("ctx-halfway", [learner("h-1"), learner("h-2"), learner("h-3")]);
    const failingPage3: typeof fetch = (url, init) => (String(url).includes("page=3") ? Promise.resolve(new Response("busy", { status: 503 })) : fetch(url, init));
    const result = await syncRoster(lti.t.db, teacher, { courseId }, { ...options, fetch: failingPage3 });
    expect(result).toMatchObject({ ok: false, status: 502, formError: expect.stringContaining("roster (memberships) endpoint: HTTP 503") });
    expect(await lti.t.db.ltiUser.count({ where: { sub: { in: ["h-1", "h-2", "h-3"] } } })).toBe(0);
    expect(await enrolledSubs(courseId)).toEqual([]);
  });

  it("refuses a next page on another host (the bearer token would go with it), an empty roster, and a roster of another context", async () => {
    const { teacher, courseId } = await lmsCourse("ctx-odd");
    const answer = (body: unknown, link?: string): typeof fetch => async (url, init) =>
      String(url).includes("/memberships") ? new Response(JSON.stringify(body), { headers: { "content-type": NRPS_MEDIA_TYPE, ...(link ? { link } : {}) } }) : fetch(url, init);
    const elsewhere = await syncRoster(lti.t.db, teacher, { courseId }, { ...options, fetch: answer({ members: [learner("o-1")] }, '<https://evil.example/steal>; rel="next"') });
    expect(elsewhere).toMatchObject({ ok: false, status: 502, formError: expect.stringContaining("the roster's next page is on another host (evil.example)") });
    const empty = await syncRoster(lti.t.db, teacher, { courseId }, { ...options, fetch: answer({ members: [] }) });
    expect(empty).toMatchObject({ ok: false, status: 502, formError: expect.stringMatching(/empty roster.*Nothing was changed/) });
    const other = await syncRoster(lti.t.db, teacher, { courseId }, { ...options, fetch: answer({ context: { id: "someone-else" }, members: [learner("o-2")] }) });
    expect(other).toMatchObject({ ok: false, status: 502, formError: expect.stringContaining("another context") });
    const garbage = await syncRoster(lti.t.db, teacher, { courseId }, { ...options, fetch: answer({ members: [{ roles: [] }] }) });
    expect(garbage).toMatchObject({ ok: false, status: 502, formError: expect.stringContaining("not an NRPS membership container") });
    expect(await lti.t.db.ltiUser.count({ where: { sub: { in: ["o-1", "o-2"] } } })).toBe(0);
  });

  it("only the course's instructor may sync: students, other instructors and anonymous are refused before any call", async () => {
    const { courseId } = await lmsCourse("ctx-perm");
    lti.mock.rosters.set("ctx-perm", [learner("perm-1")]);
    const student = await lti.launchUser({ sub: "perm-student", roles: [ROLE_LEARNER], targetLinkUri: lti.exerciseUrl(), contextId: "ctx-perm", resourceLinkId: "link-ctx-perm" });
    const { teacher: otherTeacher } = await lmsCourse("ctx-perm-other");
    const demoInstructor = await demoUser(lti.t.db, "instructor");
    const before = lti.mock.tokenRequests.length;
    expect(await syncRoster(lti.t.db, null, { courseId }, options)).toMatchObject({ ok: false, status: 401 });
    expect(await syncRoster(lti.t.db, student, { courseId }, options)).toMatchObject({ ok: false, status: 403 });
    expect(await syncRoster(lti.t.db, otherTeacher, { courseId }, options)).toMatchObject({ ok: false, status: 403 });
    expect(await syncRoster(lti.t.db, demoInstructor, { courseId }, options)).toMatchObject({ ok: false, status: 403 });
    expect(lti.mock.tokenRequests.length).toBe(before);
    expect(await lti.t.db.ltiUser.count({ where: { sub: "perm-1" } })).toBe(0);
  });

  it("a course that is not linked to an LMS roster is a 404 for its owner", async () => {
    const demoInstructor = await demoUser(lti.t.db, "instructor");
    const course = await lti.t.db.course.findFirstOrThrow({ where: { ownerId: demoInstructor.id } });
    expect(await syncRoster(lti.t.db, demoInstructor, { courseId: course.id }, options)).toMatchObject({ ok: false, status: 404 });
  });
});

describe("parseLinkHeader", () => {
  it("finds next and differences among several links, quoted or not, relative or absolute", () => {
    const links = parseLinkHeader('<https://lms.example/m?page=2>; rel="next", </m?since=5>; rel=differences, <https://lms.example/x>; title="a, b"; rel="prev first"', "https://lms.example/m");
    expect(links.get("next")).toBe("https://lms.example/m?page=2");
    expect(links.get("differences")).toBe("https://lms.example/m?since=5");
    expect(links.get("first")).toBe("https://lms.example/x");
    expect(parseLinkHeader(null, "https://lms.example/").size).toBe(0);
  });

  it("describes a sync in one line", () => {
    expect(describeRosterSync({ members: 12, added: 3, inactive: 1, promoted: 0, instructorsAdded: 0 })).toBe("12 members: 3 added, 1 now inactive.");
    expect(describeRosterSync({ members: 1, added: 0, inactive: 0, promoted: 1, instructorsAdded: 1 })).toBe("1 member: 0 added, 0 now inactive, 1 instructor added, 1 now instructor.");
  });
});
