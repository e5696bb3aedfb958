import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/platform/db-client";
import { toolUrls } from "./urls";

/**
 * Step 1 of an LTI 1.3 launch: OIDC third-party login initiation (LTI Core 1.3 §5.1.1, LTI
 * Security Framework §5.1.1). The platform sends iss, login_hint, target_link_uri, optional
 * lti_message_hint and client_id, lti_deployment_id; the tool answers with a redirect to the
 * platform's authorization endpoint carrying a fresh `state` and `nonce`.
 *
 * The state is bound to the browser by a cookie (`stateCookieName(state)` = state); its hash and
 * the nonce are stored (LtiLoginState) so that the launch may land on any server and a replayed
 * id_token finds its state already used.
 */
export const LOGIN_STATE_TTL_MS = 10 * 60 * 1000;
const STATE_COOKIE_PREFIX = "stepwise_lti_";

export function hashState(state: string): string {
  return createHash("sha256").update(state).digest("hex");
}

/** One cookie per login, so two launches in two tabs don't overwrite each other's state. */
export function stateCookieName(state: string): string {
  return STATE_COOKIE_PREFIX + hashState(state).slice(0, 20);
}

export type LoginParams = Record<string, string | undefined>;
export type LoginResult =
  | { ok: true; redirectUrl: string; state: string; cookieName: string; expiresAt: Date }
  | { ok: false; status: 400 | 404; reason: string };

export async function startLogin(client: Db, params: LoginParams, publicUrl: string, now = new Date()): Promise<LoginResult> {
  const { iss, login_hint: loginHint, target_link_uri: targetLinkUri } = params;
  if (!iss || !loginHint || !targetLinkUri) return { ok: false, status: 400, reason: "The login request lacks iss, login_hint or target_link_uri." };
  const clientId = params.client_id;
  const platforms = await client.ltiPlatform.findMany({ where: { issuer: iss, ...(clientId ? { clientId } : {}) } });
  if (platforms.length === 0) return { ok: false, status: 404, reason: `No platform is registered for issuer ${iss}${clientId ? ` and client id ${clientId}` : ""}.` };
  if (platforms.length > 1) return { ok: false, status: 400, reason: `Several registrations share issuer ${iss}: the platform must send client_id.` };
  const platform = platforms[0]!;
  if (params.lti_deployment_id) {
    const known = await client.ltiDeployment.count({ where: { platformId: platform.id, deploymentId: params.lti_deployment_id } });
    if (!known) return { ok: false, status: 400, reason: `Deployment ${params.lti_deployment_id} is not registered for ${iss}.` };
  }
  const state = randomBytes(32).toString("base64url");
  const nonce = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + LOGIN_STATE_TTL_MS);
  await client.ltiLoginState.create({ data: { stateHash: hashState(state), nonce, platformId: platform.id, targetLinkUri, createdAt: now, expiresAt } });
  // Expired login states, hand-offs and deep-linking requests are of no use to anyone: swept now
  // and then (1 in 20 logins).
  if (Math.random() < 0.05) {
    const before = new Date(now.getTime() - LOGIN_STATE_TTL_MS);
    await client.ltiLoginState.deleteMany({ where: { expiresAt: { lt: before } } });
    await client.ltiHandoff.deleteMany({ where: { expiresAt: { lt: before } } });
    await client.ltiDeepLinkRequest.deleteMany({ where: { expiresAt: { lt: before } } });
  }

  const url = new URL(platform.authUrl);
  const query: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: toolUrls(publicUrl).launch,
    login_hint: loginHint,
    state,
    nonce,
  };
  if (params.lti_message_hint) query.lti_message_hint = params.lti_message_hint;
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return { ok: true, redirectUrl: url.toString(), state, cookieName: stateCookieName(state), expiresAt };
}
