import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { installSocketAddressHeader, isLoopbackAddress, SOCKET_ADDRESS_HEADER, trustedSocketAddress } from "./socket-address";

/** One request to a real HTTP server on loopback; returns the headers its listener saw. */
async function headersSeenByServer(sent: Record<string, string>): Promise<IncomingHttpHeaders> {
  let seen: IncomingHttpHeaders = {};
  const server = createServer((req, res) => {
    seen = req.headers;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => {
    request({ host: "127.0.0.1", port, headers: sent }, (res) => res.resume().on("end", resolve)).on("error", reject).end();
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return seen;
}

describe("socket-address header", () => {
  it("is written from the TCP peer before the request listener runs, replacing a client's value", async () => {
    installSocketAddressHeader();
    installSocketAddressHeader(); // idempotent: dev reloads call register() again
    const seen = await headersSeenByServer({ [SOCKET_ADDRESS_HEADER]: "198.51.100.1", "x-forwarded-for": "198.51.100.1" });
    const get = (name: string) => (typeof seen[name] === "string" ? seen[name] : null);
    expect(trustedSocketAddress({ get })).toBe("127.0.0.1");
    expect(seen[SOCKET_ADDRESS_HEADER]).not.toContain("198.51.100.1");
    expect(seen["x-forwarded-for"]).toBe("198.51.100.1"); // left alone; TRUST_PROXY decides about it
  });

  it("believes only values carrying this process's stamp", () => {
    installSocketAddressHeader();
    const header = (value: string | null) => ({ get: (name: string) => (name === SOCKET_ADDRESS_HEADER ? value : null) });
    expect(trustedSocketAddress(header(null))).toBeNull();
    expect(trustedSocketAddress(header("198.51.100.1"))).toBeNull();
    expect(trustedSocketAddress(header(`${"f".repeat(32)} 198.51.100.1`))).toBeNull();
  });
});

describe("isLoopbackAddress (the demo's dev outbox answers this machine only)", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.12.0.9", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["192.0.2.2", false],
    ["10.0.0.1", false],
    ["::ffff:192.0.2.2", false],
    ["2001:db8::1", false],
    ["127.0.0.1.evil", false],
    [null, false],
  ])("%s → %s", (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});
