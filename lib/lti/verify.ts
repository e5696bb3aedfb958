import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import type { Db } from "@/lib/platform/db-client";
import { CLAIM, LTI_VERSION, MESSAGE_DEEP_LINKING, MESSAGE_RESOURCE_LINK } from "./claims";
import { hashState } from "./login";
import { platformUrlProblem } from "./urls";

/**
 * Step 2 of a launch: the platform posts `id_token` and `state` (form_post) to /lti/launch. Every
 * check of LTI Core 1.3 §5.1.3 and the Security Framework §5.1.3, in this order:
 *  1. `state` is the one this browser's cookie holds and an unexpired login of ours;
 *  2. the signature verifies against the platform's JWKS (fetched, cached, re-fetched when a
 *     token names an unknown `kid`: key rollover) with an RSA/EC algorithm, never `none`/HMAC;
 *  3. `iss` is the platform's issuer; `aud` contains our client id; with several audiences `azp`
 *     must be present and be our client id, and an `azp` is always our client id;
 *  4. `exp` in the future and `iat` not in the future, with CLOCK_SKEW_S of tolerance, and the
 *     token not older than MAX_TOKEN_AGE_S;
 *  5. `nonce` is the one issued with this state, and the state is used once (replay);
 *  6. the deployment id is registered for the platform;
 *  7. message type is a resource-link or deep-linking request and the version is 1.3.0.
 * A failure says which check failed (for the page and the log), never throws.
 */
export const CLOCK_SKEW_S = 60;
export const MAX_TOKEN_AGE_S = 10 * 60;
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

export type LaunchClaims = JWTPayload & Record<string, unknown>;
export type VerifiedLaunch = {
  ok: true;
  platform: { id: string; issuer: string; clientId: string; tokenUrl: string; authUrl: string };
  deploymentId: string;
  messageType: typeof MESSAGE_RESOURCE_LINK | typeof MESSAGE_DEEP_LINKING;
  claims: LaunchClaims;
  targetLinkUri: string;
};
export type LaunchRefusal = { ok: false; status: 400 | 401 | 403; check: string; reason: string };

// One remote JWKS per platform URL and process: jose caches the keys (cacheMaxAge) and re-fetches
// when a token carries an unknown kid, at most once per cooldown. A cache, not state: every server
// fetches the same document.
// The cooldown (at most one re-fetch per 30 s) keeps tokens with made-up kids from making us fetch
// on every request; tests of key rollover shorten it.
export const JWKS_COOLDOWN_MS = 30 * 1000;
const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function platformJwks(url: string, cooldownMs: number) {
  const cacheKey = `${cooldownMs} ${url}`;
  let set = jwksCache.get(cacheKey);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { cacheMaxAge: 10 * 60 * 1000, cooldownDuration: cooldownMs, timeoutDuration: 5000 });
    jwksCache.set(cacheKey, set);
  }
  return set;
}

function refuse(status: LaunchRefusal["status"], check: string, reason: string): LaunchRefusal {
  return { ok: false, status, check, reason };
}

export async function verifyLaunch(
  client: Db,
  form: { idToken: string | null; state: string | null; cookieState: string | null },
  options: { allowInsecure: boolean; now?: Date; jwksCooldownMs?: number },
): Promise<VerifiedLaunch | LaunchRefusal> {
  const now = options.now ?? new Date();
  if (!form.idToken) return refuse(400, "form", "The launch carries no id_token.");
  if (!form.state) return refuse(400, "state", "The launch carries no state.");
  if (form.cookieState !== form.state) {
    return refuse(401, "state", "This launch was not started in this browser (the state does not match this browser's login cookie). Open it again from your course.");
  }
  const login = await client.ltiLoginState.findUnique({ where: { stateHash: hashState(form.state) } });
  if (!login) return refuse(401, "state", "Unknown launch state.");
  if (login.expiresAt.getTime() <= now.getTime()) return refuse(401, "state", "The launch took too long (login state expired). Open it again from your course.");
  const platform = await client.ltiPlatform.findUnique({ where: { id: login.platformId } });
  if (!platform) return refuse(401, "state", "The platform of this launch is no longer registered.");
  const jwksProblem = platformUrlProblem(platform.jwksUrl, options.allowInsecure);
  if (jwksProblem) return refuse(403, "platform", `The platform's JWKS URL is not allowed: ${jwksProblem}.`);

  let claims: LaunchClaims;
  try {
    const verified = await jwtVerify(form.idToken, platformJwks(platform.jwksUrl, options.jwksCooldownMs ?? JWKS_COOLDOWN_MS), {
      algorithms: ALGORITHMS,
      issuer: platform.issuer,
      audience: platform.clientId,
      clockTolerance: CLOCK_SKEW_S,
      maxTokenAge: MAX_TOKEN_AGE_S,
      requiredClaims: ["iss", "aud", "exp", "iat", "sub", "nonce"],
      currentDate: now,
    });
    claims = verified.payload as LaunchClaims;
  } catch (error) {
    return refuse(401, checkOf(error), `The id_token was refused: ${describeJoseError(error)}.`);
  }
  // iat in the future (beyond the skew): jose checks exp/nbf and the age, not this.
  if (typeof claims.iat === "number" && claims.iat > now.getTime() / 1000 + CLOCK_SKEW_S) return refuse(401, "iat", "The id_token was issued in the future.");
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (audiences.length > 1 && claims.azp === undefined) return refuse(401, "azp", "The id_token has several audiences but no azp (authorized party).");
  if (claims.azp !== undefined && claims.azp !== platform.clientId) return refuse(401, "azp", `The id_token's azp is ${JSON.stringify(claims.azp)}, not this tool's client id.`);
  if (claims.nonce !== login.nonce) return refuse(401, "nonce", "The id_token's nonce is not the one issued for this launch.");
  // Single use: the first launch with this state wins, a replay finds it used (works across servers).
  const { count } = await client.ltiLoginState.updateMany({ where: { id: login.id, usedAt: null }, data: { usedAt: now } });
  if (count !== 1) return refuse(401, "nonce", "This launch has already been used (replayed id_token).");

  const deploymentId = claims[CLAIM.deploymentId];
  if (typeof deploymentId !== "string" || deploymentId === "") return refuse(400, "deployment", "The id_token has no deployment id.");
  const deployment = await client.ltiDeployment.count({ where: { platformId: platform.id, deploymentId } });
  if (!deployment) return refuse(403, "deployment", `Deployment ${JSON.stringify(deploymentId)} is not registered for this platform.`);
  const messageType = claims[CLAIM.messageType];
  if (messageType !== MESSAGE_RESOURCE_LINK && messageType !== MESSAGE_DEEP_LINKING) {
    return refuse(400, "message_type", `Unsupported message type ${JSON.stringify(messageType)}.`);
  }
  if (claims[CLAIM.version] !== LTI_VERSION) return refuse(400, "version", `Unsupported LTI version ${JSON.stringify(claims[CLAIM.version])} (expected ${LTI_VERSION}).`);
  if (!Array.isArray(claims[CLAIM.roles])) return refuse(400, "roles", "The id_token has no roles claim.");
  if (messageType === MESSAGE_RESOURCE_LINK) {
    const link = claims[CLAIM.resourceLink] as { id?: unknown } | undefined;
    if (!link || typeof link.id !== "string" || link.id === "") return refuse(400, "resource_link", "The launch has no resource link id.");
  }
  const targetLinkUri = typeof claims[CLAIM.targetLinkUri] === "string" ? (claims[CLAIM.targetLinkUri] as string) : login.targetLinkUri;
  return {
    ok: true,
    platform: { id: platform.id, issuer: platform.issuer, clientId: platform.clientId, tokenUrl: platform.tokenUrl, authUrl: platform.authUrl },
    deploymentId,
    messageType,
    claims,
    targetLinkUri,
  };
}

function checkOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "exp";
  if (error instanceof errors.JWTClaimValidationFailed) return error.claim;
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return "signature";
  return "token";
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "it has expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} failed (${error.reason}: ${error.message})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "its signature does not verify against the platform's keys";
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the platform's JWKS matches its key id";
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
