/**
 * Next calls register() once when the server starts, before it handles requests.
 * - Validates the configuration now (lib/env.ts), so a bad value stops the server at start rather
 *   than failing the first request that reads it, and warns about the insecure demo mode.
 * - Encrypts LTI tool keys still stored in plaintext and checks the signing key opens with this
 *   SESSION_SECRET (lib/lti/keys.ts), then starts the LTI score delivery loop (lib/lti/grades.ts):
 *   scores queued in the database outbox are posted to the platforms' gradebooks, retried with backoff.
 * - Installs the socket-address header (lib/auth/socket-address.ts): Next gives route handlers
 *   and server actions no other way to learn the TCP peer address, which is what throttling must key
 *   on unless a configured proxy vouches for another address (docs/decisions/005-proxy-trust.md).
 * - Starts the regrade sweeper (lib/authoring/regrade-sweeper.ts): regrade jobs whose server
 *   stopped are taken over by this one (issue 18).
 */
export async function register(): Promise<void> {
  // Node-only APIs (diagnostics_channel on the HTTP server); the edge runtime has no socket to read.
  // NEXT_RUNTIME is set by Next itself, which is why this reads process.env and not lib/env.ts.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const [{ env }, { startupWarnings }, { installSocketAddressHeader }, { startRegradeSweeper }] = await Promise.all([
      import("./lib/platform/env"),
      import("./lib/auth/startup-checks"),
      import("./lib/auth/socket-address"),
      import("./lib/authoring/regrade-sweeper"),
    ]);
    installSocketAddressHeader();
    startRegradeSweeper(env().databaseUrl);
    for (const warning of startupWarnings(env())) console.warn(warning);
    // Not while `next build` collects page data: nothing is served then.
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      // Its own client (lib/platform/db.ts is for request code: it imports "server-only").
      const [{ createPrismaClient }, { startScoreDelivery }, { prepareToolKeys }] = await Promise.all([
        import("./lib/platform/prisma-client"),
        import("./lib/lti/grades"),
        import("./lib/lti/keys"),
      ]);
      const client = createPrismaClient(env().databaseUrl);
      // Tool keys from before encryption are encrypted now; a key this secret cannot open is
      // reported (what to do included) and the server still starts: launches and the JWKS work.
      await prepareToolKeys(client)
        .then(({ encrypted, problem }) => {
          if (encrypted) console.warn(`[stepwise] lti: ${encrypted} tool signing key(s) encrypted at rest`);
          if (problem) console.error(`[stepwise] lti: ${problem}`);
        })
        .catch((error: unknown) => console.error("[stepwise] lti: tool keys not checked:", error));
      startScoreDelivery(client, { allowInsecure: env().ltiAllowInsecure });
    }
  }
}
