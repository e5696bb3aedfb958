import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { assertSameOrigin, AuthError } from "@/lib/auth/action";
import { getCurrentUserRenewing } from "@/lib/auth/session";
import { respondToDeepLink } from "@/lib/lti/deep-link";
import { autoPostPage, refusalPage } from "@/lib/lti/html";
import { frameAncestors } from "@/lib/lti/handoff";

/** The picker's form: sign the deep-linking response and post it back to the platform. */
export async function POST(request: Request, { params }: { params: Promise<{ requestId: string }> }): Promise<Response> {
  try {
    await assertSameOrigin();
  } catch (error) {
    if (error instanceof AuthError) return refusalPage(error.status, "origin", error.message, "The exercise could not be added to your course");
    throw error;
  }
  const { requestId } = await params;
  const form = await request.formData().catch(() => null);
  const exerciseId = form?.get("exerciseId");
  // From the framed picker of an iframe launch: the request's token instead of a session.
  const token = form?.get("token") ?? undefined;
  const user = token ? null : await getCurrentUserRenewing();
  const result = await respondToDeepLink(db, user, { requestId, exerciseId, token }, { publicUrl: env().publicUrl });
  if (!result.ok) return refusalPage(result.status, "deep-link", result.formError, "The exercise could not be added to your course");
  return autoPostPage(result.returnUrl, { JWT: result.jwt }, "Adding the exercise to your course…", frameAncestors(result.frameUrls, env().ltiAllowInsecure));
}
