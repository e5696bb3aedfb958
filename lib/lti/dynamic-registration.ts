import { hkdfSync, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import type { Db } from "@/lib/platform/db-client";
import type { CurrentUser } from "@/lib/auth/types";
import { forbidden, unauthenticated, type ActionResult } from "@/lib/platform/action-result";
import { env } from "@/lib/platform/env";
import { SCOPE } from "./claims";
import { upsertPlatform } from "./platforms";
import { httpCall, PlatformCallError, responseProblem } from "./service-client";
import { platformUrlProblem, toolUrls } from "./urls";

/**
 * 1EdTech LTI Dynamic Registration 1.0: the LMS administrator pastes one URL of ours into the LMS
 * (Moodle 4.x: Manage tools → "Tool URL" → "Add LTI Advantage"); the LMS opens it with
 * `openid_configuration` (its OpenID configuration URL) and usually `registration_token`; we read
 * the configuration, POST our client registration to its `registration_endpoint`, and store the
 * platform (issuer, client id, deployment id, JWKS/auth/token URLs) — no values typed by hand.
 *
 * Who may register: the URL carries a **registration invite**, an HS256 JWT made on the instructor's
 * /lti page (createRegistrationInvite), valid for REGISTRATION_INVITE_TTL_S, signed with a key
 * derived from SESSION_SECRET (HKDF, its own info). Without it, anyone could make Stepwise
 * register any "platform" by opening the URL; with it, registering stays what the manual form is:
 * an instructor's act. The LMS opens the URL in a frame without our session cookie, so the invite
 * in the URL is the credential; it expires rather than being single-use (no table for it), and
 * registering twice with the same values only updates the same platform row.
 *
 * Checks: the invite; every platform URL passes the https rule (platformUrlProblem); the
 * configuration's `issuer` has the host of the `openid_configuration` URL (DR 1.0, "Issuer and
 * OpenID Configuration URL Match"); the registration answer has a `client_id`.
 */
export const REGISTRATION_INVITE_TTL_S = 60 * 60;
const INVITE_PURPOSE = "stepwise-lti-dynamic-registration";
const TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";
const PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration";

function inviteKey(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", secret, "stepwise:lti-registration-invite:v1", "HS256 invite", 32));
}

/**
 * Core of the /lti page's "Create a registration URL" (instructors): the URL to paste into the LMS,
 * `${publicUrl}/lti/register?invite=…`, and when it stops working.
 */
export async function createRegistrationInvite(
  _client: Db,
  user: CurrentUser | null,
  _input: unknown,
  context: { publicUrl: string; secret?: string; now?: Date },
): Promise<ActionResult<{ url: string; expiresAt: Date }>> {
  if (!user) return unauthenticated();
  if (user.role !== "INSTRUCTOR") return forbidden("Only instructors can register a learning platform.");
  const now = Math.floor((context.now ?? new Date()).getTime() / 1000);
  const invite = await new SignJWT({ purpose: INVITE_PURPOSE })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(user.id)
    .setIssuedAt(now)
    .setExpirationTime(now + REGISTRATION_INVITE_TTL_S)
    .setJti(randomUUID())
    .sign(inviteKey(context.secret ?? env().sessionSecret));
  const url = new URL("/lti/register", context.publicUrl);
  url.searchParams.set("invite", invite);
  return { ok: true, url: url.toString(), expiresAt: new Date((now + REGISTRATION_INVITE_TTL_S) * 1000) };
}

const configurationSchema = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.string().min(1),
  token_endpoint: z.string().min(1),
  jwks_uri: z.string().min(1),
  registration_endpoint: z.string().min(1),
  scopes_supported: z.array(z.string()).optional(),
  [PLATFORM_CONFIGURATION]: z.object({ product_family_code: z.string().optional() }).partial().optional(),
});
const registrationAnswerSchema = z.object({
  client_id: z.string().min(1).max(2000),
  [TOOL_CONFIGURATION]: z.object({ deployment_id: z.string().min(1).max(2000).optional() }).partial().optional(),
});

export type RegistrationParams = { invite?: string | null; openidConfiguration?: string | null; registrationToken?: string | null };
export type RegistrationOutcome =
  | { ok: true; platformId: string; issuer: string; clientId: string; deploymentId: string | null; product: string | null; frameOrigin: string }
  | { ok: false; status: 400 | 403 | 502; reason: string; frameOrigin: string | null };

/**
 * The registration itself (GET /lti/register): `params` as the LMS sent them. On success the
 * platform is stored (or its URLs updated, and the deployment added, when issuer + client id are
 * known) and `frameOrigin` is the LMS's origin, which may frame the answer page. Refusals: 403 for
 * a missing, forged or expired invite or an inviter who is no longer an instructor (nothing is
 * fetched), 400 for a bad `openid_configuration` URL or a configuration that fails a check, 502
 * when the LMS is unreachable or refuses the registration. Nothing is stored on any refusal.
 */
export async function registerWithPlatform(
  client: Db,
  params: RegistrationParams,
  settings: { allowInsecure: boolean; publicUrl: string; secret?: string; fetch?: typeof fetch },
): Promise<RegistrationOutcome> {
  const configUrl = params.openidConfiguration ?? "";
  const urlProblem = platformUrlProblem(configUrl, settings.allowInsecure);
  const frameOrigin = urlProblem ? null : new URL(configUrl).origin;
  const refuse = (status: 400 | 403 | 502, reason: string): RegistrationOutcome => {
    console.warn(`[stepwise] lti dynamic registration refused: ${reason}`);
    return { ok: false, status, reason, frameOrigin };
  };

  let inviterId: string;
  try {
    const { payload } = await jwtVerify(params.invite ?? "", inviteKey(settings.secret ?? env().sessionSecret), { algorithms: ["HS256"] });
    if (payload.purpose !== INVITE_PURPOSE || typeof payload.sub !== "string") throw new Error("not a registration invite");
    inviterId = payload.sub;
  } catch {
    return refuse(403, "This registration URL is not valid (made on Stepwise's LMS page, it works for an hour). Ask a Stepwise instructor for a new one.");
  }
  const inviter = await client.user.findUnique({ where: { id: inviterId }, select: { role: true } });
  if (inviter?.role !== "INSTRUCTOR") return refuse(403, "The instructor who made this registration URL can no longer register platforms.");
  if (urlProblem) return refuse(400, `The LMS's openid_configuration is not usable: ${urlProblem}`);

  const doFetch = settings.fetch ?? fetch;
  try {
    const configResponse = await httpCall(doFetch, configUrl, { method: "GET", headers: { accept: "application/json" } }, settings.allowInsecure);
    if (!configResponse.ok) throw await responseProblem(configResponse, "OpenID configuration");
    const parsed = configurationSchema.safeParse(await configResponse.json().catch(() => null));
    if (!parsed.success) return refuse(400, `The LMS's OpenID configuration lacks ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}.`);
    const config = parsed.data;
    for (const url of [config.issuer, config.authorization_endpoint, config.token_endpoint, config.jwks_uri, config.registration_endpoint]) {
      const problem = platformUrlProblem(url, settings.allowInsecure);
      if (problem) return refuse(400, `The LMS's OpenID configuration has an unusable URL: ${problem}`);
    }
    if (new URL(config.issuer).host !== new URL(configUrl).host) {
      return refuse(400, `The LMS's issuer (${config.issuer}) is not on the host its configuration came from (${new URL(configUrl).host}).`);
    }

    const tool = toolUrls(settings.publicUrl);
    // Ask only for the services the LMS offers (a scope it does not know may fail the whole request).
    const wanted = [SCOPE.score, SCOPE.lineItem, SCOPE.contextMembership];
    const scopes = config.scopes_supported ? wanted.filter((s) => config.scopes_supported!.includes(s)) : wanted;
    const registration = {
      application_type: "web",
      response_types: ["id_token"],
      grant_types: ["implicit", "client_credentials"],
      initiate_login_uri: tool.login,
      redirect_uris: [tool.launch, tool.deepLinkReturn],
      client_name: "Stepwise",
      jwks_uri: tool.jwks,
      token_endpoint_auth_method: "private_key_jwt",
      scope: scopes.join(" "),
      [TOOL_CONFIGURATION]: {
        domain: new URL(settings.publicUrl).host,
        target_link_uri: tool.launch,
        claims: ["iss", "sub", "name", "given_name", "family_name"],
        messages: [{ type: "LtiDeepLinkingRequest", target_link_uri: tool.deepLinkReturn, label: "Stepwise exercise" }],
      },
    };
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    if (params.registrationToken) headers.authorization = `Bearer ${params.registrationToken}`;
    const answer = await httpCall(doFetch, config.registration_endpoint, { method: "POST", headers, body: JSON.stringify(registration) }, settings.allowInsecure);
    if (!answer.ok) throw await responseProblem(answer, "registration endpoint");
    const registered = registrationAnswerSchema.safeParse(await answer.json().catch(() => null));
    if (!registered.success) return refuse(502, "The LMS accepted the registration but its answer has no client_id.");
    const deploymentId = registered.data[TOOL_CONFIGURATION]?.deployment_id ?? null;
    const { platformId } = await upsertPlatform(client, {
      issuer: config.issuer,
      clientId: registered.data.client_id,
      deploymentId,
      jwksUrl: config.jwks_uri,
      authUrl: config.authorization_endpoint,
      tokenUrl: config.token_endpoint,
    });
    return {
      ok: true,
      platformId,
      issuer: config.issuer,
      clientId: registered.data.client_id,
      deploymentId,
      product: config[PLATFORM_CONFIGURATION]?.product_family_code ?? null,
      frameOrigin: new URL(configUrl).origin,
    };
  } catch (error) {
    if (!(error instanceof PlatformCallError)) throw error;
    return refuse(502, `The LMS did not complete the registration: ${error.message}`);
  }
}
