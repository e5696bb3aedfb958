import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/platform/env";
import { clientAddressFrom } from "./client-address";
import { trustedSocketAddress } from "./socket-address";

/**
 * The client address for throttling (an IPv4 address or an IPv6 /64). The TCP peer address is the
 * client unless TRUST_PROXY says which proxies in front of us may speak for it through
 * X-Forwarded-For; a header any client can write is never believed by default
 * (docs/decisions/005-proxy-trust.md).
 */
export async function clientAddress(): Promise<string> {
  const h = await headers();
  return clientAddressFrom(h, env().trustProxy, trustedSocketAddress(h));
}
