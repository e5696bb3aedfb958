/**
 * The TCP peer address of each request, handed to route handlers and server actions in a header.
 *
 * Why this exists: Next (16) exposes no socket address to route handlers, server actions or
 * proxy.ts. `next start` writes it into X-Forwarded-For only when that header is absent, so a
 * client that sends its own X-Forwarded-For hides its real address completely. Node publishes every
 * incoming request on the `http.server.request.start` diagnostics channel *before* the server's
 * request listener (Next) sees it; subscribing there lets us write the socket address into our own
 * header, overwriting anything a client sent under that name. instrumentation.ts installs it once
 * at server start, which works the same for `next start`, `next dev` and `npm start`.
 * See docs/decisions/005-proxy-trust.md.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/** Request header carrying the socket address (always overwritten, never taken from a client). */
export const SOCKET_ADDRESS_HEADER = "x-stepwise-socket-address";

// On globalThis, not in a module variable: instrumentation and the app's route bundles are separate
// module graphs in one process, so each would otherwise see its own copy.
const INSTALLED = Symbol.for("stepwise.socketAddressHeader.installed");
type Marked = { [INSTALLED]?: true };

type RequestStart = { request: IncomingMessage; socket: Socket };

function onRequestStart(message: unknown): void {
  const { request, socket } = message as RequestStart;
  // Overwrite unconditionally: a client-sent header of this name must never survive.
  request.headers[SOCKET_ADDRESS_HEADER] = socket.remoteAddress ?? "";
}

/** Subscribes once per process (dev reloads call it again). */
export function installSocketAddressHeader(): void {
  const marked = globalThis as Marked;
  if (marked[INSTALLED]) return;
  diagnosticsChannel.subscribe("http.server.request.start", onRequestStart);
  marked[INSTALLED] = true;
}

/**
 * Whether SOCKET_ADDRESS_HEADER can be believed in this process. Only when the subscriber runs
 * does every request carry our value; otherwise a client could have written the header itself.
 */
export function socketAddressHeaderInstalled(): boolean {
  return (globalThis as Marked)[INSTALLED] === true;
}
