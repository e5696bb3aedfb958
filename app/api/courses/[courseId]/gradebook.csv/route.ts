import { db } from "@/lib/platform/db";
import { getCurrentUser } from "@/lib/auth/session";
import { csvResponse, gradebookCsv } from "@/lib/analytics/csv";

/** The course gradebook as CSV (one row per student); course owner only. */
export async function GET(_request: Request, { params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  return csvResponse(await gradebookCsv(await getCurrentUser(), { courseId }, db));
}
