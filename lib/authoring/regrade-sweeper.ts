/**
 * Every app server looks, every half lease, for regrade jobs whose server stopped (expired lease)
 * and takes them over (issue 18), so a regrade finishes even when no author is watching its page.
 * Started once per server process by instrumentation.ts; uses its own small client so it does not
 * import the request-scoped modules.
 */
import { createPrismaClient } from "@/lib/platform/prisma-client";
import { claimAbandonedRegrades, regradeLeaseMs, runRegradeJob, SERVER_ID } from "./regrade";

export function startRegradeSweeper(databaseUrl: string): () => void {
  const client = createPrismaClient(databaseUrl);
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    claimAbandonedRegrades(client, SERVER_ID)
      .then((ids) => Promise.all(ids.map((id) => runRegradeJob(client, id, SERVER_ID))))
      .catch((error) => console.error("regrade sweeper", error))
      .finally(() => {
        busy = false;
      });
  }, Math.max(1000, regradeLeaseMs() / 2));
  timer.unref();
  return () => {
    clearInterval(timer);
    void client.$disconnect();
  };
}
