import { runRoute } from "@/lib/auth/action";
import { attemptsCsv, csvResponse } from "@/lib/analytics/csv";

/** Every graded attempt made in the course, oldest first, as CSV; course owner only. */
export async function GET(request: Request, { params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  return runRoute(request, attemptsCsv, { courseId }, csvResponse);
}
