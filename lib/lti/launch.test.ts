/**
 * LTI 1.3 launches end to end below the HTTP layer: login initiation (lib/lti/login.ts), then the
 * launch handler (verification + mapping) against a mock platform on loopback that signs real
 * id_tokens. Every verification failure must be refused with a page naming the failed check, one
 * log line, and no account or session.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { generateKeyPair } from "jose";
import { startLogin } from "./login";
import { handleLaunch } from "./launch-handler";
import { consumeHandoff } from "./handoff";
import { respondToDeepLink } from "./deep-link";
import { ROLE_INSTRUCTOR, ROLE_LEARNER, type LaunchSpec } from "./testing/mock-platform";
import { PUBLIC_URL, withMockPlatform } from "./testing/with-mock-platform";

// No JWKS re-fetch cooldown: the rollover test re-fetches right after an earlier fetch.
const lti = withMockPlatform({ settings: { jwksCooldownMs: 0 } });
const SETTINGS = lti.settings;
const EXERCISE_URL = lti.exerciseUrl();
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

const student = (over: Partial<LaunchSpec> = {}): LaunchSpec => ({ sub: `s-${Math.random().toString(36).slice(2)}`, roles: [ROLE_LEARNER], targetLinkUri: EXERCISE_URL, lineItem: lti.mock.lineItemUrl("7"), ...over });
const login = (spec: LaunchSpec) => lti.login(spec);
const launch = (spec: LaunchSpec, alter?: Parameters<typeof lti.launch>[1]) => lti.launch(spec, alter);

async function expectRefused(result: Awaited<ReturnType<typeof launch>>["result"], check: string | RegExp, reason: RegExp, sub?: string) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.check).toMatch(check);
  expect(result.reason).toMatch(reason);
  expect(result.response.status).toBeGreaterThanOrEqual(400);
  const html = await result.response.text();
  expect(html).toContain("This launch from your learning platform was refused");
  expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[stepwise\] lti launch refused/));
  if (sub) expect(await lti.t.db.ltiUser.count({ where: { sub } })).toBe(0);
}

describe("login initiation", () => {
  it("redirects to the platform's authorization endpoint with state, nonce and the OIDC parameters", async () => {
    const { redirect, state, nonce } = await login(student());
    expect(redirect.origin + redirect.pathname).toBe(lti.mock.url("/auth"));
    const p = redirect.searchParams;
    expect([p.get("scope"), p.get("response_type"), p.get("response_mode"), p.get("prompt")]).toEqual(["openid", "id_token", "form_post", "none"]);
    expect(p.get("client_id")).toBe(lti.mock.clientId);
    expect(p.get("redirect_uri")).toBe(`${PUBLIC_URL}/lti/launch`);
    expect(p.get("state")).toBe(state);
    expect(nonce.length).toBeGreaterThan(30);
  });

  it("refuses an unknown issuer", async () => {
    const result = await startLogin(lti.t.db, { iss: "https://unknown.example", login_hint: "x", target_link_uri: EXERCISE_URL }, PUBLIC_URL);
    expect(result).toMatchObject({ ok: false, status: 404 });
  });
});

describe("a valid launch", () => {
  it("creates a password-less student, the course for the context, enrols, assigns, and records where scores go", async () => {
    const spec = student({ name: "Ada Learner" });
    const { result } = await launch(spec);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const user = await lti.t.db.user.findUniqueOrThrow({ where: { id: result.userId } });
    expect(user).toMatchObject({ name: "Ada Learner", role: "STUDENT", passwordHash: "" });
    expect(user.email).toMatch(/@lti\.stepwise\.invalid$/);
    expect(result.redirectTo).toMatch(/^\/courses\/[^/]+\/exercises\/logistic-regression-gradient$/);
    const courseId = result.redirectTo.split("/")[2]!;
    expect(await lti.t.db.enrolment.count({ where: { userId: user.id, courseId } })).toBe(1);
    const exercise = await lti.t.db.exercise.findUniqueOrThrow({ where: { slug: "logistic-regression-gradient" } });
    expect(await lti.t.db.assignment.count({ where: { courseId, exerciseId: exercise.id } })).toBe(1);
    const link = await lti.t.db.ltiResourceLink.findFirstOrThrow({ where: { resourceLinkId: "link-1" } });
    expect(link).toMatchObject({ exerciseId: exercise.id, lineItemUrl: lti.mock.lineItemUrl("7"), canPostScores: true });
    expect(await lti.t.db.ltiGradeTarget.count({ where: { userId: user.id, resourceLinkId: link.id, sub: spec.sub } })).toBe(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it("maps the same sub to the same account, and an instructor takes over the course from the placeholder owner", async () => {
    const spec = student({ contextId: "course-first-student" });
    const first = await launch(spec);
    const again = await launch(spec);
    expect(first.result.ok && again.result.ok && first.result.userId === again.result.userId).toBe(true);
    const courseId = first.result.ok ? first.result.redirectTo.split("/")[2]! : "";
    const teacher = await launch({ sub: "teacher-1", roles: [ROLE_INSTRUCTOR], targetLinkUri: EXERCISE_URL, contextId: "course-first-student" });
    expect(teacher.result.ok).toBe(true);
    if (!teacher.result.ok) return;
    expect((await lti.t.db.course.findUniqueOrThrow({ where: { id: courseId } })).ownerId).toBe(teacher.result.userId);
    expect((await lti.t.db.user.findUniqueOrThrow({ where: { id: teacher.result.userId } })).role).toBe("INSTRUCTOR");
  });

  it("starts afresh when the account or course made by an earlier launch was deleted", async () => {
    const spec = student({ contextId: "course-deleted-later" });
    const first = await launch(spec);
    if (!first.result.ok) throw new Error(first.result.reason);
    await lti.t.db.course.delete({ where: { id: first.result.redirectTo.split("/")[2]! } });
    await lti.t.db.user.delete({ where: { id: first.result.userId } });
    const again = await launch(spec);
    expect(again.result.ok).toBe(true);
    if (!again.result.ok) return;
    expect(again.result.userId).not.toBe(first.result.userId);
    expect(await lti.t.db.course.count({ where: { id: again.result.redirectTo.split("/")[2]! } })).toBe(1);
  });

  it("accepts several audiences when azp is this tool", async () => {
    const spec = student({ claims: { aud: [lti.mock.clientId, "another-tool"], azp: lti.mock.clientId } });
    expect((await launch(spec)).result.ok).toBe(true);
  });

  it("follows the platform's key rollover (unknown kid → JWKS fetched again)", async () => {
    await launch(student()); // the old JWKS is cached now
    await lti.mock.rotateKey(true);
    const { result } = await launch(student());
    expect(result.ok).toBe(true);
  });
});

describe("refused launches: a page, a log line, no account, no session", () => {
  it("a bad signature", async () => {
    const spec = student();
    const other = await generateKeyPair("RS256");
    const { result } = await launch(spec, { token: (nonce) => lti.mock.idToken(spec, nonce, { key: { kid: lti.mock.key.kid, privateKey: other.privateKey } }) });
    await expectRefused(result, "signature", /signature/, spec.sub);
  });

  it("a wrong issuer", async () => {
    const spec = student({ claims: { iss: "https://evil.example" } });
    await expectRefused((await launch(spec)).result, "iss", /claim iss/, spec.sub);
  });

  it("a wrong audience", async () => {
    const spec = student({ claims: { aud: "some-other-tool" } });
    await expectRefused((await launch(spec)).result, "aud", /claim aud/, spec.sub);
  });

  it("several audiences without azp", async () => {
    const spec = student({ claims: { aud: [lti.mock.clientId, "another-tool"] } });
    await expectRefused((await launch(spec)).result, "azp", /several audiences but no azp/, spec.sub);
  });

  it("an azp that is another client", async () => {
    const spec = student({ claims: { aud: [lti.mock.clientId, "another-tool"], azp: "another-tool" } });
    await expectRefused((await launch(spec)).result, "azp", /azp is "another-tool"/, spec.sub);
  });

  it("an expired token", async () => {
    const spec = student();
    const { result } = await launch(spec, { token: (nonce) => lti.mock.idToken(spec, nonce, { now: Date.now() - 20 * 60 * 1000 }) });
    await expectRefused(result, /exp|iat/, /expired|iat|age/, spec.sub);
  });

  it("a token issued in the future", async () => {
    const spec = student();
    const { result } = await launch(spec, { token: (nonce) => lti.mock.idToken(spec, nonce, { now: Date.now() + 10 * 60 * 1000 }) });
    await expectRefused(result, "iat", /iat/, spec.sub);
  });

  it("a replayed id_token (same state and nonce posted twice)", async () => {
    const spec = student();
    const { result, form } = await launch(spec);
    expect(result.ok).toBe(true);
    const sessions = await lti.t.db.session.count();
    const replay = await handleLaunch(lti.t.db, form, SETTINGS);
    await expectRefused(replay, "nonce", /already been used/);
    expect(await lti.t.db.session.count()).toBe(sessions);
  });

  it("a nonce that is not the one issued for this state", async () => {
    const spec = student();
    const { result } = await launch(spec, { token: () => lti.mock.idToken(spec, "some-other-nonce") });
    await expectRefused(result, "nonce", /nonce is not the one issued/, spec.sub);
  });

  it("an unknown deployment", async () => {
    const spec = student({ claims: { "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "deployment-unknown" } });
    await expectRefused((await launch(spec)).result, "deployment", /not registered/, spec.sub);
  });

  it("a wrong message type", async () => {
    const spec = student({ claims: { "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiSubmissionReviewRequest" } });
    await expectRefused((await launch(spec)).result, "message_type", /Unsupported message type/, spec.sub);
  });

  it("a wrong LTI version", async () => {
    const spec = student({ claims: { "https://purl.imsglobal.org/spec/lti/claim/version": "1.1" } });
    await expectRefused((await launch(spec)).result, "version", /Unsupported LTI version/, spec.sub);
  });

  it("a state that is not this browser's (no or another state cookie)", async () => {
    const spec = student();
    await expectRefused((await launch(spec, { cookieState: null })).result, "state", /not started in this browser/, spec.sub);
    await expectRefused((await launch(spec, { cookieState: "someone-elses-state" })).result, "state", /not started in this browser/, spec.sub);
  });

  it("a link to something that is not an exercise of this site", async () => {
    const spec = student({ resourceLinkId: "pasted-link", targetLinkUri: "https://elsewhere.example/exercises/logistic-regression-gradient" });
    await expectRefused((await launch(spec)).result, "link", /does not lead to a published Stepwise exercise/, spec.sub);
  });

  it("a learner's deep-linking request", async () => {
    const spec = student({ messageType: "LtiDeepLinkingRequest" });
    await expectRefused((await launch(spec)).result, "link", /Only instructors/, spec.sub);
  });

  it("none of the refusals created a session", async () => {
    // Sessions are only created by the route after { ok: true }; the handler never creates one.
    expect(await lti.t.db.session.count()).toBe(0);
  });
});

describe("iframe launches (launch_presentation.document_target = iframe)", () => {
  const framed = { claims: { "https://purl.imsglobal.org/spec/lti/claim/launch_presentation": { document_target: "iframe", return_url: "https://school.lms.example/course/1" } } };

  it("answer with a page framable by the platform only, and hand the sign-in over to a new window once", async () => {
    const spec = student(framed);
    const { result } = await launch(spec);
    expect(result.ok && result.framed).toBeTruthy();
    if (!result.ok || !result.framed) return;
    const csp = result.framed.headers.get("content-security-policy")!;
    expect(csp).toContain(`frame-ancestors ${lti.mock.issuer} https://school.lms.example;`);
    const html = await result.framed.text();
    const href = /href="(\/lti\/open\?token=[^"]+)"/.exec(html)?.[1];
    expect(href).toBeDefined();
    expect(html).toContain('target="_blank"');
    const token = decodeURIComponent(new URL(href!, PUBLIC_URL).searchParams.get("token")!);
    expect(await consumeHandoff(lti.t.db, token)).toEqual({ userId: result.userId, redirectTo: result.redirectTo });
    expect(await consumeHandoff(lti.t.db, token)).toBeNull();
    expect(await consumeHandoff(lti.t.db, "made-up")).toBeNull();
  });

  it("serve the deep-linking picker in the frame, its forms carrying the request's token instead of a session", async () => {
    const spec: LaunchSpec = { sub: "teacher-framed", roles: [ROLE_INSTRUCTOR], messageType: "LtiDeepLinkingRequest", targetLinkUri: `${PUBLIC_URL}/lti/deep-link`, ...framed };
    const { result } = await launch(spec);
    if (!result.ok || !result.framed) throw new Error("expected a framed picker");
    const html = await result.framed.text();
    const requestId = /action="\/lti\/deep-link\/([^/]+)\/respond"/.exec(html)![1]!;
    const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
    const exerciseId = /name="exerciseId" value="([^"]+)"/.exec(html)![1]!;
    expect(await respondToDeepLink(lti.t.db, null, { requestId, exerciseId, token: "wrong" }, { publicUrl: PUBLIC_URL })).toMatchObject({ ok: false, status: 403 });
    const response = await respondToDeepLink(lti.t.db, null, { requestId, exerciseId, token }, { publicUrl: PUBLIC_URL });
    expect(response).toMatchObject({ ok: true, returnUrl: lti.mock.url("/deep-link-return") });
    expect(await respondToDeepLink(lti.t.db, null, { requestId, exerciseId, token }, { publicUrl: PUBLIC_URL })).toMatchObject({ ok: false, status: 409 });
  });
});
