import { runRoute } from "@/lib/auth/action";
import { gradebookCsv, csvResponse } from "@/lib/analytics/csv";

/** The course gradebook as CSV (one row per student; `?format=canvas|moodle` for an LMS import); course owner only. */
export async function GET(request: Request, { params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const format = new URL(request.url).searchParams.get("format") ?? undefined;
  return runRoute(request, gradebookCsv, { courseId, format }, csvResponse);
}
