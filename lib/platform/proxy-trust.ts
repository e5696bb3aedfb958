/**
 * Which forwarding headers to believe, and so which address a request comes from (for throttling).
 * Same semantics as the `proxy-addr` package (used by Express's `trust proxy`), kept to the parts we
 * need so no dependency is added: the chain is [socket address, X-Forwarded-For from right to left];
 * walk it from the socket outwards while the hop is trusted; the first untrusted hop is the client.
 * Without configuration nothing is trusted and the socket address is the client: any client can
 * write X-Forwarded-For, so believing it by default lets one client pose as many (escaping the
 * per-address limits) or as a victim (locking the victim out). See docs/decisions/005-proxy-trust.md.
 */

/** Parsed TRUST_PROXY. */
export type TrustProxy =
  | { kind: "none" }
  | { kind: "hops"; count: number }
  | { kind: "ranges"; ranges: readonly IpRange[]; source: string };

type IpRange = { bytes: Uint8Array; prefix: number };

/** Names accepted in TRUST_PROXY, as in proxy-addr. */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.1/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

export const TRUST_PROXY_HELP =
  'TRUST_PROXY: leave unset when clients connect directly; a hop count such as "1" (one reverse proxy in front), ' +
  'or the proxies\' addresses: IPs or CIDRs, comma-separated, e.g. "10.0.0.0/8, ::1" (also loopback, linklocal, uniquelocal)';

/**
 * Parses TRUST_PROXY. Throws an Error with a readable message for values that cannot be right,
 * including "true" ("trust every hop" would make X-Forwarded-For's first entry the client, i.e.
 * whatever the client wrote — the hole this setting exists to close).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? "").trim();
  if (text === "" || text === "false" || text === "0") return { kind: "none" };
  if (text === "true") throw new Error(`"true" would trust addresses any client can write. ${TRUST_PROXY_HELP}`);
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count > 32) throw new Error(`${count} proxies in a row is not a plausible setup. ${TRUST_PROXY_HELP}`);
    return { kind: "hops", count };
  }
  const ranges: IpRange[] = [];
  for (const entry of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    for (const spec of NAMED_RANGES[entry.toLowerCase()] ?? [entry]) {
      const range = parseRange(spec);
      if (!range) throw new Error(`"${entry}" is not an IP address, CIDR range or known name. ${TRUST_PROXY_HELP}`);
      ranges.push(range);
    }
  }
  return { kind: "ranges", ranges, source: text };
}

/**
 * The client's address: `socketAddress` is the peer of the TCP connection (the only address no
 * client can choose); `forwardedFor` is the X-Forwarded-For header as received. Hops are believed
 * only as far as `trust` allows. Returns the address normalised (IPv4-mapped IPv6 as IPv4).
 */
export function resolveClientAddress(socketAddress: string, forwardedFor: string | null | undefined, trust: TrustProxy): string {
  const chain = [socketAddress, ...parseForwardedFor(forwardedFor).reverse()];
  let i = 0;
  while (i < chain.length - 1 && isTrusted(chain[i]!, i, trust)) i++;
  return normaliseAddress(chain[i]!);
}

function isTrusted(address: string, index: number, trust: TrustProxy): boolean {
  switch (trust.kind) {
    case "none":
      return false;
    case "hops":
      return index < trust.count;
    case "ranges": {
      const bytes = parseIp(address);
      return bytes !== null && trust.ranges.some((range) => inRange(bytes, range));
    }
  }
}

/** X-Forwarded-For entries, left (furthest) to right (nearest). Ports and brackets are removed. */
export function parseForwardedFor(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((s) => stripPort(s.trim()))
    .filter(Boolean);
}

function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4WithPort ? v4WithPort[1]! : entry;
}

/**
 * One key per client for the rate limiter: IPv4 as is, IPv6 by its /64 network. One IPv6 host is
 * normally given a whole /64 and can pick any address in it, so a per-address limit keyed on the
 * full address would be as easy to escape as a forged header.
 */
export function rateLimitKey(address: string): string {
  const bytes = parseIp(address);
  if (!bytes) return address;
  if (bytes.length === 4) return formatIpv4(bytes);
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return `${groups.join(":")}::/64`;
}

/** "::ffff:203.0.113.7" → "203.0.113.7"; other values unchanged. */
export function normaliseAddress(address: string): string {
  const bytes = parseIp(address);
  return bytes && bytes.length === 4 ? formatIpv4(bytes) : address;
}

function formatIpv4(bytes: Uint8Array): string {
  return Array.from(bytes).join(".");
}

function parseRange(spec: string): IpRange | null {
  const [address, prefixText, extra] = spec.split("/");
  if (extra !== undefined || !address) return null;
  const bytes = parseIp(address);
  if (!bytes) return null;
  // An IPv4-mapped range ("::ffff:10.0.0.0/104") is compared as the IPv4 range it stands for, the
  // same way addresses are compared, so either spelling matches either kind of peer address.
  const mappedOffset = bytes.length === 4 && address.includes(":") ? 96 : 0;
  const bits = bytes.length * 8 + mappedOffset;
  if (prefixText === undefined) return { bytes, prefix: bits - mappedOffset };
  if (!/^\d+$/.test(prefixText) || Number(prefixText) > bits || Number(prefixText) < mappedOffset) return null;
  return { bytes, prefix: Number(prefixText) - mappedOffset };
}

function inRange(address: Uint8Array, range: IpRange): boolean {
  if (address.length !== range.bytes.length) return false;
  let bitsLeft = range.prefix;
  for (let i = 0; bitsLeft > 0; i++, bitsLeft -= 8) {
    const mask = bitsLeft >= 8 ? 0xff : (0xff << (8 - bitsLeft)) & 0xff;
    if ((address[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

/**
 * IPv4 as 4 bytes, IPv6 as 16 bytes, or null. An IPv4-mapped IPv6 address (how Node reports IPv4
 * peers on a dual-stack socket) is returned as its 4 IPv4 bytes.
 */
function parseIp(text: string): Uint8Array | null {
  const v4 = parseIpv4(text);
  if (v4) return v4;
  const v6 = parseIpv6(text.replace(/%.*$/, "")); // zone index ("fe80::1%eth0") is not part of the address
  if (!v6) return null;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? v6.slice(12) : v6;
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return null;
    bytes[i] = Number(part);
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}
