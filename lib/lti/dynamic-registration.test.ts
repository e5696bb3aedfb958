/**
 * LTI Dynamic Registration 1.0 against the mock platform: an instructor's registration URL, the
 * LMS opening it with openid_configuration + registration_token, our client registration, and the
 * platform stored so that a launch then works. Every refusal stores nothing.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/types";
import { demoAccounts } from "@/prisma/fixtures";
import { createRegistrationInvite, registerWithPlatform, REGISTRATION_INVITE_TTL_S } from "./dynamic-registration";
import { ROLE_LEARNER } from "./testing/mock-platform";
import { PUBLIC_URL, withMockPlatform } from "./testing/with-mock-platform";

const lti = withMockPlatform({ register: false });
const settings = { allowInsecure: true, publicUrl: PUBLIC_URL };

beforeEach(async () => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  lti.mock.configurationOverrides = {};
  await lti.t.db.ltiPlatform.deleteMany();
});

const userByEmail = (email: string): Promise<CurrentUser> => lti.t.db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true } });

/** What the LMS does with the pasted URL: adds its parameters and opens it. */
async function inviteParams(now?: Date) {
  const instructor = await userByEmail(demoAccounts.instructor.email);
  const created = await createRegistrationInvite(lti.t.db, instructor, null, { publicUrl: PUBLIC_URL, now });
  if (!created.ok) throw new Error(created.formError);
  const url = new URL(created.url);
  expect(url.origin + url.pathname).toBe(`${PUBLIC_URL}/lti/register`);
  return { invite: url.searchParams.get("invite"), openidConfiguration: lti.mock.openidConfigurationUrl, registrationToken: lti.mock.registrationToken };
}

describe("dynamic registration", () => {
  it("registers the platform from its OpenID configuration, and its launches work at once", async () => {
    const before = lti.mock.registrations.length;
    const outcome = await registerWithPlatform(lti.t.db, await inviteParams(), settings);
    expect(outcome).toMatchObject({ ok: true, issuer: lti.mock.issuer, clientId: lti.mock.clientId, deploymentId: lti.mock.deploymentId, product: "moodle", frameOrigin: lti.mock.issuer });

    const [request] = lti.mock.registrations.slice(before);
    expect(request!.authorization).toBe(`Bearer ${lti.mock.registrationToken}`);
    expect(request!.body).toMatchObject({
      application_type: "web",
      response_types: ["id_token"],
      grant_types: ["implicit", "client_credentials"],
      initiate_login_uri: `${PUBLIC_URL}/lti/login`,
      redirect_uris: [`${PUBLIC_URL}/lti/launch`, `${PUBLIC_URL}/lti/deep-link`],
      jwks_uri: `${PUBLIC_URL}/lti/jwks`,
      token_endpoint_auth_method: "private_key_jwt",
      "https://purl.imsglobal.org/spec/lti-tool-configuration": {
        domain: "127.0.0.1:3999",
        target_link_uri: `${PUBLIC_URL}/lti/launch`,
        messages: [{ type: "LtiDeepLinkingRequest", target_link_uri: `${PUBLIC_URL}/lti/deep-link`, label: "Stepwise exercise" }],
      },
    });
    expect(String(request!.body.scope).split(" ").sort()).toEqual([
      "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
      "https://purl.imsglobal.org/spec/lti-ags/scope/score",
      "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
    ]);

    const platform = await lti.t.db.ltiPlatform.findFirstOrThrow({ include: { deployments: true } });
    expect(platform).toMatchObject({ issuer: lti.mock.issuer, clientId: lti.mock.clientId, jwksUrl: lti.mock.url("/jwks"), authUrl: lti.mock.url("/auth"), tokenUrl: lti.mock.url("/token") });
    expect(platform.deployments.map((d) => d.deploymentId)).toEqual([lti.mock.deploymentId]);
    const { result } = await lti.launch({ sub: "dr-student", roles: [ROLE_LEARNER], targetLinkUri: lti.exerciseUrl() });
    expect(result.ok).toBe(true);

    // Registering again (the LMS retried) updates the same platform.
    expect(await registerWithPlatform(lti.t.db, await inviteParams(), settings)).toMatchObject({ ok: true, platformId: platform.id });
    expect(await lti.t.db.ltiPlatform.count()).toBe(1);
  });

  it("asks only for the services the LMS offers", async () => {
    lti.mock.configurationOverrides = { scopes_supported: ["openid", "https://purl.imsglobal.org/spec/lti-ags/scope/score"] };
    expect(await registerWithPlatform(lti.t.db, await inviteParams(), settings)).toMatchObject({ ok: true });
    expect(lti.mock.registrations.at(-1)!.body.scope).toBe("https://purl.imsglobal.org/spec/lti-ags/scope/score");
  });

  it("refuses without a valid invite, before calling the LMS", async () => {
    const params = await inviteParams();
    const calls = lti.mock.registrations.length;
    for (const invite of [null, "not-a-jwt", `${params.invite}x`]) {
      expect(await registerWithPlatform(lti.t.db, { ...params, invite }, settings)).toMatchObject({ ok: false, status: 403, reason: expect.stringContaining("not valid") });
    }
    const expired = await inviteParams(new Date(Date.now() - (REGISTRATION_INVITE_TTL_S + 60) * 1000));
    expect(await registerWithPlatform(lti.t.db, expired, settings)).toMatchObject({ ok: false, status: 403 });
    // An invite signed with another server's secret.
    expect(await registerWithPlatform(lti.t.db, params, { ...settings, secret: "another-secret-".repeat(3) })).toMatchObject({ ok: false, status: 403 });
    expect(lti.mock.registrations.length).toBe(calls);
    expect(await lti.t.db.ltiPlatform.count()).toBe(0);
  });

  it("is for instructors: a student cannot make a registration URL", async () => {
    const student = await userByEmail(demoAccounts.student.email);
    expect(await createRegistrationInvite(lti.t.db, student, null, { publicUrl: PUBLIC_URL })).toMatchObject({ ok: false, status: 403 });
    expect(await createRegistrationInvite(lti.t.db, null, null, { publicUrl: PUBLIC_URL })).toMatchObject({ ok: false, status: 401 });
  });

  it("refuses an issuer on another host than the configuration, plain http off loopback, a wrong registration token, and an LMS that is down", async () => {
    const params = await inviteParams();
    lti.mock.configurationOverrides = { issuer: "https://elsewhere.example" };
    expect(await registerWithPlatform(lti.t.db, params, settings)).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining("not on the host") });
    lti.mock.configurationOverrides = { jwks_uri: "http://lms.example/jwks" };
    expect(await registerWithPlatform(lti.t.db, params, settings)).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining("must use https") });
    lti.mock.configurationOverrides = {};
    expect(await registerWithPlatform(lti.t.db, { ...params, openidConfiguration: "http://lms.example/openid" }, settings)).toMatchObject({ ok: false, status: 400 });
    expect(await registerWithPlatform(lti.t.db, { ...params, registrationToken: "wrong" }, settings)).toMatchObject({ ok: false, status: 502, reason: expect.stringContaining("registration endpoint: HTTP 401") });
    const port = lti.mock.port;
    await lti.mock.stop();
    try {
      expect(await registerWithPlatform(lti.t.db, params, settings)).toMatchObject({ ok: false, status: 502, reason: expect.stringContaining("unreachable") });
    } finally {
      await lti.mock.start(port);
    }
    expect(await lti.t.db.ltiPlatform.count()).toBe(0);
  });
});
