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
import { randomBytes } from "node:crypto";
import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/** Request header carrying the socket address (always overwritten, never taken from a client). */
export const SOCKET_ADDRESS_HEADER = "x-stepwise-socket-address";

// On globalThis, not in a module variable: instrumentation and the app's route bundles are separate
// module graphs in one process, so each would otherwise see its own copy.
const STAMP = Symbol.for("stepwise.socketAddressHeader.stamp");
type Stamped = { [STAMP]?: string };

/**
 * The header's value is "<stamp> <address>", with a random per-process stamp. Requests that reached
 * the server before the subscriber was installed (Next starts listening before instrumentation has
 * run; those requests wait, then are handled) carry no stamp or a client's guess, and are ignored.
 */
function stamp(): string | undefined {
  return (globalThis as Stamped)[STAMP];
}

/** The header value for `address` in this process (used by the subscriber; tests build requests with it). */
export function socketAddressHeaderValue(address: string): string {
  const current = stamp();
  if (!current) throw new Error("installSocketAddressHeader() has not run in this process");
  return `${current} ${address}`;
}

type RequestStart = { request: IncomingMessage; socket: Socket };

function onRequestStart(message: unknown): void {
  const { request, socket } = message as RequestStart;
  // Overwrite unconditionally: a client-sent header of this name must never survive.
  request.headers[SOCKET_ADDRESS_HEADER] = socketAddressHeaderValue(socket.remoteAddress ?? "");
}

/** Subscribes once per process (dev reloads call it again). */
export function installSocketAddressHeader(): void {
  const stamped = globalThis as Stamped;
  if (stamped[STAMP]) return;
  stamped[STAMP] = randomBytes(16).toString("hex");
  diagnosticsChannel.subscribe("http.server.request.start", onRequestStart);
}

/**
 * The socket address written by our subscriber for this request, or null when there is none we
 * can believe (not installed, request older than the subscriber, or a value a client wrote).
 */
export function trustedSocketAddress(headers: { get(name: string): string | null }): string | null {
  const current = stamp();
  const value = headers.get(SOCKET_ADDRESS_HEADER);
  if (!current || !value?.startsWith(`${current} `)) return null;
  return value.slice(current.length + 1) || null;
}

/**
 * Whether a TCP peer address is this machine (127.0.0.0/8, ::1, or either written as an IPv4-mapped
 * IPv6 address). Used to keep the demo's dev outbox, which holds password-reset links, to requests
 * from the machine itself.
 */
export function isLoopbackAddress(address: string | null): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, "");
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}
