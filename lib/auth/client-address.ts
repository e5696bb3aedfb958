/**
 * The address a request comes from, for the per-address throttles of sign-in and sign-up, from
 * its headers and the TRUST_PROXY setting. Pure (headers in, key out) so it is tested without a
 * server; lib/auth/request.ts binds it to the current request.
 */
import { rateLimitKey, resolveClientAddress, type TrustProxy } from "@/lib/platform/proxy-trust";

type HeaderSource = { get(name: string): string | null };

let warnedFallback = false;

/**
 * The client's rate-limit key (see rateLimitKey: IPv4 address or IPv6 /64). `socketAddress` is the
 * TCP peer as written by our own subscriber (socket-address.ts, trustedSocketAddress), or null when
 * unknown: a runtime where instrumentation does not run, or a request that arrived while the server
 * was starting. Then the best remaining guess for the peer is the last X-Forwarded-For entry, which
 * `next start` fills from the socket when the client sent none; a client can forge that, so it is
 * logged (once per process).
 */
export function clientAddressFrom(headers: HeaderSource, trust: TrustProxy, socketAddress: string | null): string {
  const forwarded = headers.get("x-forwarded-for");
  if (socketAddress) return rateLimitKey(resolveClientAddress(socketAddress, forwarded, trust));
  if (!warnedFallback) {
    warnedFallback = true;
    console.warn(
      "Stepwise: a request without a known socket address (instrumentation.ts not run yet, or not at all); " +
        "its per-address sign-in limits fall back to X-Forwarded-For, which clients can forge.",
    );
  }
  const entries = (forwarded ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const peer = entries.pop() ?? "unknown";
  return rateLimitKey(resolveClientAddress(peer, entries.join(", "), trust));
}
