/**
 * Checks run once when the server starts (instrumentation.ts), so a bad configuration is reported
 * at start and not at the first request that happens to read it.
 */
import type { Env } from "@/lib/platform/env";

/**
 * Warnings for a configuration that works but must not face a network. `npm start` prints a
 * longer banner itself (scripts/start-mode.ts); this line also covers `next start` run directly
 * with STEPWISE_INSECURE_DEV_DEFAULTS=1, e.g. a demo environment copied into a deployment.
 */
export function startupWarnings(config: Pick<Env, "nodeEnv" | "secureCookies">): string[] {
  if (config.nodeEnv === "production" && !config.secureCookies) {
    return [
      "Stepwise: INSECURE local demo mode (STEPWISE_INSECURE_DEV_DEFAULTS=1): session cookies are not Secure " +
        "and the development secret is used. Never serve this to a network; set SESSION_SECRET instead.",
    ];
  }
  return [];
}
