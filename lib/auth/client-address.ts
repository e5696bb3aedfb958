/**
 * The address a request comes from, for the per-address throttles of sign-in and sign-up, from
 * its headers and the TRUST_PROXY setting. Pure (headers in, key out) so it is tested without a
 * server; lib/auth/request.ts binds it to the current request.
 */
import { rateLimitKey, resolveClientAddress, type TrustProxy } from "./proxy-trust";
import { SOCKET_ADDRESS_HEADER } from "./socket-address";

type HeaderSource = { get(name: string): string | null };

let warnedFallback = false;

/**
 * The client's rate-limit key (see rateLimitKey: IPv4 address or IPv6 /64).
 * `socketHeaderTrusted` says whether SOCKET_ADDRESS_HEADER was written by our own subscriber
 * (socket-address.ts). When it was not (a runtime where instrumentation did not run), the best
 * remaining guess for the socket address is the last X-Forwarded-For entry, which `next start` fills
 * from the socket when the client sent none; a client can forge that, so it is logged once.
 */
export function clientAddressFrom(headers: HeaderSource, trust: TrustProxy, socketHeaderTrusted: boolean): string {
  const forwarded = headers.get("x-forwarded-for");
  let socket = socketHeaderTrusted ? headers.get(SOCKET_ADDRESS_HEADER) : null;
  let chain = forwarded;
  if (!socket) {
    if (!warnedFallback) {
      warnedFallback = true;
      console.warn(
        "Stepwise: the socket address of requests is unknown (instrumentation.ts did not run); " +
          "per-address sign-in limits fall back to X-Forwarded-For, which clients can forge.",
      );
    }
    const entries = (forwarded ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    socket = entries.pop() ?? "unknown";
    chain = entries.join(", ");
  }
  return rateLimitKey(resolveClientAddress(socket, chain, trust));
}
