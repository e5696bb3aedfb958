/**
 * Next calls register() once when the server starts, before it handles requests.
 * It installs the socket-address header (lib/auth/socket-address.ts): Next gives route handlers
 * and server actions no other way to learn the TCP peer address, which is what throttling must key
 * on unless a configured proxy vouches for another address (docs/decisions/005-proxy-trust.md).
 */
export async function register(): Promise<void> {
  // Node-only API (diagnostics_channel on the HTTP server); the edge runtime has no socket to read.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installSocketAddressHeader } = await import("./lib/auth/socket-address");
    installSocketAddressHeader();
  }
}
