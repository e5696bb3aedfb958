import { z } from "zod";
import type { Db } from "@/lib/platform/db-client";
import type { CurrentUser } from "@/lib/auth/types";
import { unauthenticated, type ActionResult } from "@/lib/platform/action-result";
import { platformUrlProblem } from "./urls";

/**
 * Platform registration: the values an LMS shows when the tool is added to it. Shared by the CLI
 * (`npm run -s lti -- platform add …`), the registration page and tests.
 */
const field = (label: string) => z.string({ error: `${label} is required` }).trim().min(1, `${label} is required`).max(2000, `${label} is too long`);

export function platformInputSchema(allowInsecure: boolean) {
  const url = (label: string) =>
    field(label).superRefine((value, ctx) => {
      const problem = platformUrlProblem(value, allowInsecure);
      if (problem) ctx.addIssue({ code: "custom", message: `${label}: ${problem}` });
    });
  return z.object({
    // The issuer is compared to the id_token's `iss` exactly; it is a URL by the spec (Canvas's is
    // https://canvas.instructure.com), held to the same https rule.
    issuer: url("Issuer"),
    clientId: field("Client id"),
    deploymentId: field("Deployment id"),
    jwksUrl: url("Platform JWKS URL"),
    authUrl: url("Authorization URL"),
    tokenUrl: url("Token URL"),
  });
}
export type PlatformInput = z.infer<ReturnType<typeof platformInputSchema>>;

/** Registers a platform, or updates the URLs of the one with the same issuer and client id, and
 * adds the deployment id (a platform may have several). `deploymentId: null` (a dynamic
 * registration whose LMS named none yet) stores the platform only: its launches are refused until
 * the deployment id is added (the /lti form or `platform add` with the same issuer and client id). */
export async function upsertPlatform(client: Db, input: Omit<PlatformInput, "deploymentId"> & { deploymentId: string | null }): Promise<{ platformId: string; created: boolean }> {
  const existing = await client.ltiPlatform.findUnique({ where: { issuer_clientId: { issuer: input.issuer, clientId: input.clientId } } });
  const data = { authUrl: input.authUrl, tokenUrl: input.tokenUrl, jwksUrl: input.jwksUrl };
  const platform = existing
    ? await client.ltiPlatform.update({ where: { id: existing.id }, data })
    : await client.ltiPlatform.create({ data: { issuer: input.issuer, clientId: input.clientId, ...data } });
  if (input.deploymentId !== null) {
    await client.ltiDeployment.upsert({
      where: { platformId_deploymentId: { platformId: platform.id, deploymentId: input.deploymentId } },
      create: { platformId: platform.id, deploymentId: input.deploymentId },
      update: {},
    });
  }
  return { platformId: platform.id, created: !existing };
}

/**
 * Core of the registration page's form: instructors register (or update) a platform. Field errors
 * name the bad field and why (https rule, missing value); nothing is stored on any error.
 */
export async function registerPlatform(
  client: Db,
  user: CurrentUser | null,
  rawInput: unknown,
  context: { allowInsecure: boolean },
): Promise<ActionResult<{ platformId: string; created: boolean }>> {
  if (!user) return unauthenticated();
  if (user.role !== "INSTRUCTOR") return { ok: false, status: 403, formError: "Only instructors can register a learning platform." };
  const parsed = platformInputSchema(context.allowInsecure).safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    return { ok: false, status: 400, formError: "Check the highlighted fields.", fieldErrors };
  }
  return { ok: true, ...(await upsertPlatform(client, parsed.data)) };
}

/** The registered platforms with their deployments (registration page). */
export async function listPlatforms(client: Db) {
  return client.ltiPlatform.findMany({ orderBy: { createdAt: "asc" }, include: { deployments: { select: { deploymentId: true } } } });
}
