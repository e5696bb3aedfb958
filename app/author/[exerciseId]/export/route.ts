import { runRoute } from "@/lib/auth/action";
import { exportForAuthor } from "@/lib/authoring/cores";

/** Downloads the exercise's current version as a stepwise.exercises JSON file. */
export async function GET(request: Request, { params }: { params: Promise<{ exerciseId: string }> }) {
  const { exerciseId } = await params;
  return runRoute(request, exportForAuthor, { exerciseId }, (result) =>
    new Response(result.json, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${result.filename}"`,
        "cache-control": "no-store",
      },
    }),
  );
}
