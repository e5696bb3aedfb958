import { db } from "@/lib/platform/db";
import { getCurrentUser } from "@/lib/auth/session";
import { exportForAuthor } from "@/lib/authoring/cores";

/** Downloads the exercise's current version as a stepwise.exercises JSON file. */
export async function GET(_request: Request, { params }: { params: Promise<{ exerciseId: string }> }) {
  const { exerciseId } = await params;
  const result = await exportForAuthor(await getCurrentUser(), { exerciseId }, db);
  if (!result.ok) return Response.json({ error: result.formError }, { status: result.status });
  return new Response(result.json, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${result.filename}"`,
      "cache-control": "no-store",
    },
  });
}
