import { db } from "@/lib/platform/db";
import { getCurrentUser } from "@/lib/auth/session";
import { attemptsCsv, csvResponse } from "@/lib/analytics/csv";

/** Every graded attempt made in the course, oldest first, as CSV; course owner only. */
export async function GET(_request: Request, { params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  return csvResponse(await attemptsCsv(await getCurrentUser(), { courseId }, db));
}
