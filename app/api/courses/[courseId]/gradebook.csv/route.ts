import { runRoute } from "@/lib/auth/action";
import { gradebookCsv, csvResponse } from "@/lib/analytics/csv";

/** The course gradebook as CSV (one row per student); course owner only. */
export async function GET(request: Request, { params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  return runRoute(request, gradebookCsv, { courseId }, csvResponse);
}
