/**
 * Next calls register() once when the server starts, before it handles requests.
 * - Validates the configuration now (lib/env.ts), so a bad value stops the server at start rather
 *   than failing the first request that reads it, and warns about the insecure demo mode.
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
  }
}
