import { db } from "@/lib/platform/db";
import { runRoute } from "@/lib/auth/action";
import { regradeJobStatus, runRegradeJob, SERVER_ID, startRegrade } from "@/lib/authoring/regrade";
import { enqueueScoresForExercise } from "@/lib/lti/cores";

/**
 * Runs a regrade job on this server, then queues the changed scores of the exercise's LTI students
 * for their LMS gradebooks (lib/lti/cores.ts; unchanged scores are not re-sent). Whichever server
 * finishes the job reports, so a job taken over after a server died is reported too.
 */
function runAndReport(jobId: string, exerciseId: string): void {
  void runRegradeJob(db, jobId, SERVER_ID)
    .then(async (outcome) => {
      if (outcome === "done") await enqueueScoresForExercise(db, exerciseId);
    })
    .catch((error: unknown) => console.error("[stepwise] regrade failed", error));
}

/**
 * The bulk regrade as a job (issue 18, lib/authoring/regrade.ts): POST starts it (or finds the
 * running one) and runs it in the background on this server; GET (?job=id, else the latest)
 * answers its progress and, when done, its summary. Any server answers GET, and takes over a job
 * whose server stopped (expired lease), so the author's page polling GET finishes the regrade.
 */
export async function POST(request: Request, { params }: { params: Promise<{ exerciseId: string }> }) {
  const { exerciseId } = await params;
  return runRoute(request, startRegrade, { exerciseId }, ({ job, run }) => {
    if (run) runAndReport(job.jobId, exerciseId);
    return Response.json({ job }, { headers: { "cache-control": "no-store" } });
  });
}

export async function GET(request: Request, { params }: { params: Promise<{ exerciseId: string }> }) {
  const { exerciseId } = await params;
  const jobId = new URL(request.url).searchParams.get("job");
  return runRoute(request, regradeJobStatus, { exerciseId, jobId }, ({ job, run }) => {
    if (run && job) runAndReport(job.jobId, exerciseId);
    return Response.json({ job }, { headers: { "cache-control": "no-store" } });
  });
}
