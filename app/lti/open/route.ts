import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/platform/db";
import { startSession } from "@/lib/auth/session";
import { consumeHandoff } from "@/lib/lti/handoff";
import { refusalPage } from "@/lib/lti/html";

/**
 * The new window of an iframe launch (lib/lti/handoff.ts): the single-use hand-off token starts a
 * normal, first-party session and leads to the exercise.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const handoff = await consumeHandoff(db, request.nextUrl.searchParams.get("token") ?? "");
  if (!handoff) return refusalPage(410, "handoff", "This link has already been used or has expired. Open the activity again from your course.", "This link no longer opens the exercise");
  await startSession(handoff.userId);
  return new NextResponse(null, { status: 303, headers: { location: handoff.redirectTo, "cache-control": "no-store" } });
}
