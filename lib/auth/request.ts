import "server-only";
import { headers } from "next/headers";

/**
 * The client address for throttling. `next start` fills X-Forwarded-For with the socket address
 * only when the header is absent, and a reverse proxy appends the address it saw, so the LAST entry
 * is the one a trusted hop wrote. Exposed directly to the internet, a client could forge it; the
 * per-account limit still holds then (see docs/decisions/002-authentication.md).
 */
export async function clientAddress(): Promise<string> {
  const h = await headers();
  const forwarded = h.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last ?? h.get("x-real-ip") ?? "unknown";
}
