import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { installSocketAddressHeader, socketAddressHeaderValue, SOCKET_ADDRESS_HEADER } from "./socket-address";

// clientAddress() reads the current request's headers through next/headers; here they are ours.
let requestHeaders = new Headers();
vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ headers: async () => requestHeaders }));

// What instrumentation.ts does at server start (process-wide; a test cannot uninstall it).
installSocketAddressHeader();

/** Headers of a request from TCP peer `socket`, as the installed subscriber writes them. */
function fromSocket(socket: string, extra: Record<string, string> = {}) {
  return new Headers({ [SOCKET_ADDRESS_HEADER]: socketAddressHeaderValue(socket), ...extra });
}

async function load(trustProxy?: string) {
  vi.resetModules();
  vi.stubEnv("TRUST_PROXY", trustProxy ?? "");
  return (await import("./request")).clientAddress;
}

describe("clientAddress (the key of the per-address sign-in and sign-up limits)", () => {
  beforeEach(() => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("ignores an X-Forwarded-For the client wrote itself: the socket address counts", async () => {
    const clientAddress = await load();
    requestHeaders = fromSocket("203.0.113.7", { "x-forwarded-for": "198.51.100.1" });
    expect(await clientAddress()).toBe("203.0.113.7");
    // Rotating the header gives no fresh budget, and naming a victim does not lock the victim out.
    requestHeaders = fromSocket("203.0.113.7", { "x-forwarded-for": "192.0.2.99, 198.51.100.2" });
    expect(await clientAddress()).toBe("203.0.113.7");
    expect(console.warn).not.toHaveBeenCalled();
  });

  it("believes X-Forwarded-For only as far as TRUST_PROXY allows", async () => {
    const clientAddress = await load("127.0.0.1");
    requestHeaders = fromSocket("::ffff:127.0.0.1", { "x-forwarded-for": "198.51.100.1, 203.0.113.7" });
    expect(await clientAddress()).toBe("203.0.113.7");
    // The same header from a peer that is not the proxy is the client's own words.
    requestHeaders = fromSocket("192.0.2.5", { "x-forwarded-for": "203.0.113.7" });
    expect(await clientAddress()).toBe("192.0.2.5");
  });

  it("a socket-address header without this process's stamp is a client's and is ignored (logged once)", async () => {
    const clientAddress = await load();
    // `next start` put the socket address into X-Forwarded-For because the client sent none.
    for (const forged of ["198.51.100.1", `${"0".repeat(32)} 198.51.100.1`]) {
      requestHeaders = new Headers({ [SOCKET_ADDRESS_HEADER]: forged, "x-forwarded-for": "203.0.113.7" });
      expect(await clientAddress()).toBe("203.0.113.7");
    }
    expect(console.warn).toHaveBeenCalledTimes(1);
  });
});
