import { db } from "@/lib/platform/db";
import { assertSameOrigin, toResponse } from "@/lib/auth/action-guard";
import { getCurrentUser } from "@/lib/auth/session";
import { mayEditExercise } from "@/lib/auth/policy";
import { regradeExercise } from "@/lib/authoring/regrade";

/**
 * Regrades every attempt of the exercise under its current version, streaming one JSON line per
 * chunk ({"type":"progress",...}) and finally {"type":"summary",...} or {"type":"error",...}, so
 * the editor can show a real progress bar without a job table.
 */
export async function POST(_request: Request, { params }: { params: Promise<{ exerciseId: string }> }) {
  const { exerciseId } = await params;
  let user;
  try {
    await assertSameOrigin();
    user = await getCurrentUser();
  } catch (error) {
    return toResponse(error);
  }
  if (!user) return Response.json({ error: "Please sign in to continue." }, { status: 401 });
  // Checked before the stream starts, so a refusal is a plain HTTP error (the core checks again).
  if (user.role !== "INSTRUCTOR" || !(await mayEditExercise(db, user, exerciseId))) {
    return Response.json({ error: "You do not have permission to do that." }, { status: 403 });
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: object) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const result = await regradeExercise(user, { exerciseId }, db, { onProgress: (p) => send({ type: "progress", ...p }) });
        if (result.ok) send({ type: "summary", summary: { ...result.summary, changed: result.summary.changed.slice(0, 500), changedCount: result.summary.changed.length } });
        else send({ type: "error", error: result.formError });
      } catch (error) {
        console.error("regrade failed", error);
        send({ type: "error", error: "The regrade failed part-way; chunks already done are kept. Run it again to finish." });
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
}
