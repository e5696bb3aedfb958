import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import type { Db } from "@/lib/platform/db-client";
import type { CurrentUser } from "@/lib/auth/types";
import { forbidden, notFound, unauthenticated, type ActionResult } from "@/lib/platform/action-result";
import { listPublishedExercises } from "@/lib/exercises/queries";
import { CLAIM, LTI_VERSION, MESSAGE_DEEP_LINKING_RESPONSE } from "./claims";
import { currentSigningKey, TOOL_KEY_ALG } from "./keys";
import { ToolKeyUnreadableError } from "./key-encryption";
import { toolUrls } from "./urls";

/**
 * Deep Linking 2.0: an instructor launched with LtiDeepLinkingRequest picks an exercise here; the
 * tool answers with a signed LtiDeepLinkingResponse JWT posted (form_post, by the browser) to the
 * platform's deep_link_return_url. The content item is an ltiResourceLink to the exercise page
 * with a line item (scoreMaximum = the exercise's step count) so the platform makes a gradebook
 * column, and custom `stepwise_exercise` so the launch does not depend on the URL.
 */
const hashToken = (token: string) => createHash("sha256").update(token).digest();

/**
 * Iframe launches: the picker is the launch's own answer, inside the LMS's frame, with no session
 * (lib/lti/handoff.ts); its forms carry this single-use secret, which stands for the instructor who
 * launched. Returns the token (only its hash is stored).
 */
export async function issueDeepLinkToken(client: Db, requestId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await client.ltiDeepLinkRequest.update({ where: { id: requestId }, data: { tokenHash: hashToken(token).toString("hex") } });
  return token;
}

/** The open request, for its instructor (by session, or by the request's token in a frame). */
async function openRequest(client: Db, user: CurrentUser | null, requestId: unknown, now: Date, token?: unknown) {
  if (typeof requestId !== "string" || requestId.length > 64) return { failure: user ? notFound("No such deep-linking request.") : unauthenticated() } as const;
  const request = await client.ltiDeepLinkRequest.findUnique({ where: { id: requestId } });
  if (typeof token === "string" && token !== "") {
    const stored = request?.tokenHash ? Buffer.from(request.tokenHash, "hex") : null;
    const given = hashToken(token);
    if (!request || !stored || stored.length !== given.length || !timingSafeEqual(stored, given)) return { failure: forbidden("This selection link is not valid.") } as const;
    const owner = await client.user.findUnique({ where: { id: request.userId }, select: { id: true, email: true, name: true, role: true } });
    if (!owner) return { failure: forbidden() } as const;
    user = owner;
  }
  if (!user) return { failure: unauthenticated() } as const;
  if (!request) return { failure: notFound("No such deep-linking request.") } as const;
  if (request.userId !== user.id || user.role !== "INSTRUCTOR") return { failure: forbidden() } as const;
  if (request.usedAt) return { failure: { ok: false, status: 409, formError: "This selection was already sent to your course. Start again from the LMS to add another." } } as const;
  if (request.expiresAt.getTime() <= now.getTime()) return { failure: { ok: false, status: 409, formError: "This selection has expired. Start again from the LMS." } } as const;
  return { request } as const;
}

export type DeepLinkChoices = { requestId: string; exercises: { id: string; slug: string; title: string; steps: number }[] };

/** Core of the picker page: the open request's exercises to choose from (published ones). */
export async function deepLinkChoices(client: Db, user: CurrentUser | null, input: { requestId: unknown; token?: unknown }, now = new Date()): Promise<ActionResult<DeepLinkChoices>> {
  const open = await openRequest(client, user, input.requestId, now, input.token);
  if ("failure" in open) return open.failure as ActionResult<DeepLinkChoices>;
  const exercises = (await listPublishedExercises(client))
    .filter((e) => e.currentVersion)
    .map((e) => ({ id: e.id, slug: e.slug, title: e.currentVersion!.title, steps: e.currentVersion!._count.steps }));
  return { ok: true, requestId: open.request.id, exercises };
}

const pickSchema = z.object({ requestId: z.string().min(1).max(64), exerciseId: z.string().min(1).max(64), token: z.string().max(100).optional() });

export type DeepLinkResponse = { returnUrl: string; jwt: string; frameUrls: string[] };

/**
 * Core of the picker's form: signs the LtiDeepLinkingResponse for the chosen exercise and marks
 * the request used (single use). The route posts `{ JWT }` to `returnUrl`.
 */
export async function respondToDeepLink(
  client: Db,
  user: CurrentUser | null,
  rawInput: unknown,
  context: { publicUrl: string; now?: Date },
): Promise<ActionResult<DeepLinkResponse>> {
  const now = context.now ?? new Date();
  const parsed = pickSchema.safeParse(rawInput);
  const token = (rawInput as { token?: unknown } | null)?.token;
  if (!user && !(typeof token === "string" && token !== "")) return unauthenticated();
  if (!parsed.success) return { ok: false, status: 400, formError: "Choose an exercise." };
  const open = await openRequest(client, user, parsed.data.requestId, now, parsed.data.token);
  if ("failure" in open) return open.failure as ActionResult<DeepLinkResponse>;
  const { request } = open;
  const exercise = await client.exercise.findFirst({
    where: { id: parsed.data.exerciseId, published: true },
    select: { id: true, slug: true, currentVersion: { select: { title: true, _count: { select: { steps: true } } } } },
  });
  if (!exercise?.currentVersion) return { ok: false, status: 400, formError: "That exercise is not published." };
  const platform = await client.ltiPlatform.findUniqueOrThrow({ where: { id: request.platformId } });
  // The key first: a key this server cannot decrypt (changed SESSION_SECRET) must not use up the request.
  let signing: Awaited<ReturnType<typeof currentSigningKey>>;
  try {
    signing = await currentSigningKey(client, now);
  } catch (error) {
    if (!(error instanceof ToolKeyUnreadableError)) throw error;
    console.error(`[stepwise] lti deep-linking response not signed: ${error.message}`);
    return { ok: false, status: 409, formError: "Stepwise cannot sign the answer to your LMS: its signing key is unreadable on this server. Tell the Stepwise administrator (the server log says what to do)." };
  }
  const { kid, key } = signing;
  const { count } = await client.ltiDeepLinkRequest.updateMany({ where: { id: request.id, usedAt: null }, data: { usedAt: now } });
  if (count !== 1) return { ok: false, status: 409, formError: "This selection was already sent to your course." };

  const base = toolUrls(context.publicUrl);
  const title = exercise.currentVersion.title;
  const item = {
    type: "ltiResourceLink",
    title,
    url: `${base.launch.replace(/\/lti\/launch$/, "")}/exercises/${exercise.slug}`,
    custom: { stepwise_exercise: exercise.slug },
    lineItem: { scoreMaximum: exercise.currentVersion._count.steps, label: title, resourceId: exercise.id, tag: "stepwise" },
    window: { targetName: "_blank" },
  };
  const claims: Record<string, unknown> = {
    [CLAIM.messageType]: MESSAGE_DEEP_LINKING_RESPONSE,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: request.deploymentId,
    [CLAIM.contentItems]: [item],
  };
  if (request.data !== null) claims[CLAIM.dlData] = request.data;
  const iat = Math.floor(now.getTime() / 1000);
  const jwt = await new SignJWT({ ...claims, nonce: randomUUID() })
    .setProtectedHeader({ alg: TOOL_KEY_ALG, kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .sign(key);
  return { ok: true, returnUrl: request.returnUrl, jwt, frameUrls: [platform.issuer, platform.authUrl, request.returnUrl] };
}
