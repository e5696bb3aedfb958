import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { Db } from "@/lib/platform/db-client";
import { currentSigningKey, TOOL_KEY_ALG } from "./keys";
import { platformUrlProblem } from "./urls";

/**
 * Calls from the tool to a platform's LTI services (AGS scores and line items, NRPS rosters):
 * the OAuth2 client-credentials token (1EdTech Security Framework 1.0 §4.1, RFC 7523 JWT client
 * assertion signed with the tool's key) and one HTTP call with the platform URL rule, a timeout and
 * no redirects. Failures are PlatformCallError: `permanent` when repeating the same request cannot
 * help (a 4xx other than 401/408/429, a URL the tool may not call).
 */
export const HTTP_TIMEOUT_MS = 10 * 1000;

export type ServiceCallOptions = { allowInsecure: boolean; now?: Date; fetch?: typeof fetch };

export class PlatformCallError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
    /** The platform answered (HTTP status); undefined when it could not be reached or never asked. */
    readonly status?: number,
  ) {
    super(message);
    this.name = "PlatformCallError";
  }
}

type TokenEntry = { token: string; expiresAt: number };
// Access tokens are a cache (each server may hold its own; the platform issues as many as asked).
const tokens = new Map<string, TokenEntry>();

/** One request to a platform URL (https, or loopback http when allowed); redirects are refused so a
 * bearer token never follows one to another host. Throws PlatformCallError when unreachable. */
export async function httpCall(doFetch: typeof fetch, url: string, init: RequestInit, allowInsecure: boolean): Promise<Response> {
  const problem = platformUrlProblem(url, allowInsecure);
  if (problem) throw new PlatformCallError(`refused to call ${problem}`, true);
  try {
    return await doFetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (error) {
    throw new PlatformCallError(`${new URL(url).host} unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A PlatformCallError describing a non-2xx answer (status and the start of the body). */
export async function responseProblem(response: Response, what: string): Promise<PlatformCallError> {
  const body = (await response.text().catch(() => "")).slice(0, 200);
  // 4xx other than 401/408/429 will not get better by retrying the same request.
  const permanent = response.status >= 400 && response.status < 500 && ![401, 408, 429].includes(response.status);
  return new PlatformCallError(`${what}: HTTP ${response.status}${body ? ` ${body}` : ""}`, permanent, response.status);
}

/** An OAuth2 access token for the platform and scopes (client credentials, JWT client assertion),
 * cached per process until 30 s before it expires. Throws PlatformCallError. */
export async function accessToken(
  client: Db,
  platform: { id: string; clientId: string; tokenUrl: string },
  scopes: string[],
  options: ServiceCallOptions,
): Promise<string> {
  const cacheKey = `${platform.id} ${scopes.join(" ")}`;
  const now = (options.now ?? new Date()).getTime();
  const cached = tokens.get(cacheKey);
  if (cached && cached.expiresAt > now + 30_000) return cached.token;
  const { kid, key } = await currentSigningKey(client);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: TOOL_KEY_ALG, kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenUrl)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + 300)
    .setJti(randomUUID())
    .sign(key);
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: assertion,
    scope: scopes.join(" "),
  });
  const response = await httpCall(options.fetch ?? fetch, platform.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body }, options.allowInsecure);
  if (!response.ok) throw await responseProblem(response, "token endpoint");
  const json = (await response.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
  if (!json || typeof json.access_token !== "string") throw new PlatformCallError("token endpoint: no access_token in the answer");
  const ttl = typeof json.expires_in === "number" ? json.expires_in * 1000 : 3600_000;
  tokens.set(cacheKey, { token: json.access_token, expiresAt: now + ttl });
  return json.access_token;
}

/** Forgets cached tokens (tests; a service answered 401; after a platform is re-registered). */
export function clearTokenCache(): void {
  tokens.clear();
}
