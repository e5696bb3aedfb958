import type { NextRequest } from "next/server";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { registerWithPlatform } from "@/lib/lti/dynamic-registration";
import { registrationPage } from "@/lib/lti/html";

/**
 * LTI Dynamic Registration 1.0: the LMS opens the registration URL made on /lti
 * (`?invite=…`) with its `openid_configuration` and `registration_token`; the registration runs
 * server-side (lib/lti/dynamic-registration.ts) and the answer is a page framable by that LMS only.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const q = request.nextUrl.searchParams;
  const outcome = await registerWithPlatform(
    db,
    { invite: q.get("invite"), openidConfiguration: q.get("openid_configuration"), registrationToken: q.get("registration_token") },
    { allowInsecure: env().ltiAllowInsecure, publicUrl: env().publicUrl },
  );
  return registrationPage(outcome, outcome.frameOrigin);
}
