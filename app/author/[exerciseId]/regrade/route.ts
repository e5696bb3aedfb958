import { db } from "@/lib/platform/db";
import { runRoute } from "@/lib/auth/action";
import { mayRegrade } from "@/lib/authoring/regrade";
import { regradeExerciseAndReport } from "@/lib/lti/cores";

/**
 * Regrades every attempt of the exercise under its current version, streaming one JSON line per
 * chunk ({"type":"progress",...}) and finally {"type":"summary",...} or {"type":"error",...}, so
 * the editor can show a real progress bar without a job table.
 */
export async function POST(request: Request, { params }: { params: Promise<{ exerciseId: string }> }) {
  const { exerciseId } = await params;
  // Checked before the stream starts, so a refusal is a plain HTTP error (the core checks again).
  return runRoute(request, mayRegrade, { exerciseId }, ({ user }) => {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: object) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        // The regrade, then changed scores queued for the LMS gradebooks of LTI students (lib/lti/cores.ts).
        const result = await regradeExerciseAndReport(db, user, { exerciseId }, { onProgress: (p) => send({ type: "progress", ...p }) });
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
  });
}
