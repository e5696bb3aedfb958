import { describe, expect, it } from "vitest";
import { normaliseAddress, parseForwardedFor, parseTrustProxy, rateLimitKey, resolveClientAddress } from "./proxy-trust";

const none = parseTrustProxy(undefined);

describe("parseTrustProxy", () => {
  it("trusts nothing when unset, empty, false or 0", () => {
    for (const value of [undefined, "", "  ", "false", "0"]) expect(parseTrustProxy(value)).toEqual({ kind: "none" });
  });

  it("reads a hop count and a list of addresses, CIDRs and names", () => {
    expect(parseTrustProxy("2")).toEqual({ kind: "hops", count: 2 });
    const ranges = parseTrustProxy("10.0.0.0/8, ::1, loopback");
    expect(ranges.kind).toBe("ranges");
    if (ranges.kind === "ranges") expect(ranges.ranges).toHaveLength(4); // loopback = 127/8 and ::1
  });

  it("refuses 'true' (trust any hop) and values that are not addresses, with the help text", () => {
    expect(() => parseTrustProxy("true")).toThrow(/any client can write.*TRUST_PROXY/);
    for (const bad of ["proxy.example", "10.0.0.0/33", "10.0.0.256", "::1/129", "1.2.3.4/8/1", "1000"]) {
      expect(() => parseTrustProxy(bad), bad).toThrow(/TRUST_PROXY/);
    }
  });
});

describe("resolveClientAddress (proxy-addr semantics)", () => {
  it("without trust, the socket address is the client whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("203.0.113.7", "198.51.100.1", none)).toBe("203.0.113.7");
    expect(resolveClientAddress("203.0.113.7", null, none)).toBe("203.0.113.7");
  });

  it("with a hop count, walks that many hops from the socket and no further", () => {
    const one = parseTrustProxy("1");
    // The client wrote "6.6.6.6"; the proxy appended the address it saw (203.0.113.7).
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 203.0.113.7", one)).toBe("203.0.113.7");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 203.0.113.7", parseTrustProxy("2"))).toBe("6.6.6.6");
    // More hops trusted than present: the furthest address known.
    expect(resolveClientAddress("10.0.0.2", "203.0.113.7", parseTrustProxy("5"))).toBe("203.0.113.7");
    expect(resolveClientAddress("10.0.0.2", null, one)).toBe("10.0.0.2");
  });

  it("with addresses, skips trusted hops from the right and stops at the first untrusted one", () => {
    const trust = parseTrustProxy("10.0.0.0/8, 127.0.0.1");
    expect(resolveClientAddress("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.1.2.3", trust)).toBe("203.0.113.7");
    // A peer that is not a trusted proxy cannot vouch for anyone.
    expect(resolveClientAddress("192.0.2.5", "203.0.113.7", trust)).toBe("192.0.2.5");
    // A client writing a trusted address into the header gains nothing: it is left of the real hop.
    expect(resolveClientAddress("127.0.0.1", "10.9.9.9, 203.0.113.7", trust)).toBe("203.0.113.7");
  });

  it("matches IPv4-mapped peers (dual-stack sockets) against IPv4 ranges and the other way round", () => {
    expect(resolveClientAddress("::ffff:127.0.0.1", "203.0.113.7", parseTrustProxy("127.0.0.1"))).toBe("203.0.113.7");
    expect(resolveClientAddress("127.0.0.1", "203.0.113.7", parseTrustProxy("::ffff:127.0.0.0/104"))).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:10.0.0.1", "::ffff:203.0.113.7", parseTrustProxy("uniquelocal"))).toBe("203.0.113.7");
  });

  it("handles IPv6 ranges, zone indexes and malformed entries", () => {
    const trust = parseTrustProxy("fd00::/8, fe80::/10");
    expect(resolveClientAddress("fd12:3456::1", "2001:db8::1", trust)).toBe("2001:db8::1");
    expect(resolveClientAddress("fe80::1%eth0", "2001:db8::2", trust)).toBe("2001:db8::2");
    expect(resolveClientAddress("2001:db8::9", "2001:db8::1", trust)).toBe("2001:db8::9");
    // Garbage is never a trusted proxy, so the walk stops there.
    expect(resolveClientAddress("fd00::1", "203.0.113.7, not-an-ip", trust)).toBe("not-an-ip");
  });
});

describe("parseForwardedFor and keys", () => {
  it("splits entries and drops ports and brackets", () => {
    expect(parseForwardedFor("203.0.113.7:5000, [2001:db8::1]:443 ,2001:db8::2")).toEqual(["203.0.113.7", "2001:db8::1", "2001:db8::2"]);
    expect(parseForwardedFor(null)).toEqual([]);
  });

  it("keys IPv4 by address and IPv6 by /64, so one host cannot rotate through its own subnet", () => {
    expect(rateLimitKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(rateLimitKey("2001:db8:1:2::1"));
    expect(rateLimitKey("2001:db8:1:3::1")).not.toBe(rateLimitKey("2001:db8:1:2::1"));
    expect(rateLimitKey("unknown")).toBe("unknown");
    expect(normaliseAddress("::ffff:10.0.0.1")).toBe("10.0.0.1");
  });
});
