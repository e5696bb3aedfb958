/**
 * Deep linking: an instructor's LtiDeepLinkingRequest launch opens the picker; the chosen exercise
 * comes back as a signed LtiDeepLinkingResponse that verifies against the tool's JWKS, with an
 * ltiResourceLink content item, its line item's scoreMaximum, and the platform's data echoed.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createLocalJWKSet, jwtVerify } from "jose";
import { publicJwks, rotateSigningKey } from "./keys";
import { deepLinkChoices, respondToDeepLink } from "./deep-link";
import { ROLE_INSTRUCTOR } from "./testing/mock-platform";
import { PUBLIC_URL, withMockPlatform } from "./testing/with-mock-platform";
import type { CurrentUser } from "@/lib/auth/types";

const lti = withMockPlatform();
beforeEach(() => void vi.spyOn(console, "warn").mockImplementation(() => {}));

async function instructorDeepLink(): Promise<{ user: CurrentUser; requestId: string }> {
  const { result } = await lti.launch({ sub: "teacher-dl", roles: [ROLE_INSTRUCTOR], messageType: "LtiDeepLinkingRequest", targetLinkUri: `${PUBLIC_URL}/lti/deep-link` });
  if (!result.ok) throw new Error(result.reason);
  expect(result.redirectTo).toMatch(/^\/lti\/deep-link\/[^/]+$/);
  const user = await lti.t.db.user.findUniqueOrThrow({ where: { id: result.userId }, select: { id: true, email: true, name: true, role: true } });
  return { user, requestId: result.redirectTo.split("/").pop()! };
}

describe("deep linking", () => {
  it("signs an LtiDeepLinkingResponse for the chosen exercise, once", async () => {
    const { user, requestId } = await instructorDeepLink();
    expect(user.role).toBe("INSTRUCTOR");
    const choices = await deepLinkChoices(lti.t.db, user, { requestId });
    expect(choices.ok).toBe(true);
    if (!choices.ok) return;
    const exercise = choices.exercises.find((e) => e.slug === "logistic-regression-gradient")!;
    await rotateSigningKey(lti.t.db); // the response must be signed with the current key, still in the JWKS
    const response = await respondToDeepLink(lti.t.db, user, { requestId, exerciseId: exercise.id }, { publicUrl: PUBLIC_URL });
    expect(response.ok).toBe(true);
    if (!response.ok) return;
    expect(response.returnUrl).toBe(lti.mock.url("/deep-link-return"));
    const { payload } = await jwtVerify(response.jwt, createLocalJWKSet(await publicJwks(lti.t.db)), { issuer: lti.mock.clientId, audience: lti.mock.issuer });
    expect(payload["https://purl.imsglobal.org/spec/lti/claim/message_type"]).toBe("LtiDeepLinkingResponse");
    expect(payload["https://purl.imsglobal.org/spec/lti/claim/version"]).toBe("1.3.0");
    expect(payload["https://purl.imsglobal.org/spec/lti/claim/deployment_id"]).toBe(lti.mock.deploymentId);
    expect(payload["https://purl.imsglobal.org/spec/lti-dl/claim/data"]).toBe("opaque-platform-data");
    expect(payload["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]).toEqual([
      expect.objectContaining({
        type: "ltiResourceLink",
        url: `${PUBLIC_URL}/exercises/logistic-regression-gradient`,
        custom: { stepwise_exercise: "logistic-regression-gradient" },
        lineItem: expect.objectContaining({ scoreMaximum: exercise.steps }),
      }),
    ]);
    const again = await respondToDeepLink(lti.t.db, user, { requestId, exerciseId: exercise.id }, { publicUrl: PUBLIC_URL });
    expect(again).toMatchObject({ ok: false, status: 409 });
  });

  it("is refused with a clear message, and not used up, while the signing key cannot be decrypted (SESSION_SECRET changed)", async () => {
    const { user, requestId } = await instructorDeepLink();
    const exerciseId = (await lti.t.db.exercise.findUniqueOrThrow({ where: { slug: "logistic-regression-gradient" } })).id;
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    // The newest key was encrypted under another secret than this server's.
    const { kid } = await rotateSigningKey(lti.t.db, new Date(), "another-secret-".repeat(3));
    const refused = await respondToDeepLink(lti.t.db, user, { requestId, exerciseId }, { publicUrl: PUBLIC_URL });
    expect(refused).toMatchObject({ ok: false, status: 409, formError: expect.stringMatching(/signing key is unreadable on this server/) });
    expect(error).toHaveBeenCalledWith(expect.stringContaining(`private key ${kid} cannot be decrypted`));
    // The way out: rotate with this server's secret; the same request then goes through.
    await rotateSigningKey(lti.t.db);
    expect(await respondToDeepLink(lti.t.db, user, { requestId, exerciseId }, { publicUrl: PUBLIC_URL })).toMatchObject({ ok: true });
    error.mockRestore();
  });

  it("belongs to the instructor who launched it", async () => {
    const { requestId } = await instructorDeepLink();
    const other = await lti.t.db.user.findFirstOrThrow({ where: { role: "INSTRUCTOR", email: { not: { endsWith: ".invalid" } } } });
    const result = await respondToDeepLink(lti.t.db, { ...other, role: "INSTRUCTOR" }, { requestId, exerciseId: "x" }, { publicUrl: PUBLIC_URL });
    expect(result).toMatchObject({ ok: false, status: 403 });
  });
});
