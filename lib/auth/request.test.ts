import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// clientAddress() reads the current request's headers through next/headers; here they are ours.
let requestHeaders = new Headers();
vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ headers: async () => requestHeaders }));

const SOCKET = "x-stepwise-socket-address";

async function load(trustProxy?: string, installed = true) {
  vi.resetModules();
  vi.stubEnv("TRUST_PROXY", trustProxy ?? "");
  // The process-wide mark that instrumentation.ts installed the socket-address subscriber.
  if (installed) (globalThis as Record<symbol, unknown>)[Symbol.for("stepwise.socketAddressHeader.installed")] = true;
  return (await import("./request")).clientAddress;
}

describe("clientAddress (the key of the per-address sign-in and sign-up limits)", () => {
  beforeEach(() => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("stepwise.socketAddressHeader.installed")];
  });

  it("ignores an X-Forwarded-For the client wrote itself: the socket address counts", async () => {
    const clientAddress = await load();
    requestHeaders = new Headers({ [SOCKET]: "203.0.113.7", "x-forwarded-for": "198.51.100.1" });
    expect(await clientAddress()).toBe("203.0.113.7");
    // Rotating the header gives no fresh budget, and naming a victim does not lock the victim out.
    requestHeaders = new Headers({ [SOCKET]: "203.0.113.7", "x-forwarded-for": "192.0.2.99, 198.51.100.2" });
    expect(await clientAddress()).toBe("203.0.113.7");
  });

  it("believes X-Forwarded-For only as far as TRUST_PROXY allows", async () => {
    const clientAddress = await load("127.0.0.1");
    requestHeaders = new Headers({ [SOCKET]: "::ffff:127.0.0.1", "x-forwarded-for": "198.51.100.1, 203.0.113.7" });
    expect(await clientAddress()).toBe("203.0.113.7");
    // The same header from a peer that is not the proxy is the client's own words.
    requestHeaders = new Headers({ [SOCKET]: "192.0.2.5", "x-forwarded-for": "203.0.113.7" });
    expect(await clientAddress()).toBe("192.0.2.5");
  });

  it("without the subscriber, a socket-address header is the client's own and is ignored (logged once)", async () => {
    const clientAddress = await load(undefined, false);
    // `next start` put the socket address into X-Forwarded-For because the client sent none.
    requestHeaders = new Headers({ [SOCKET]: "198.51.100.1", "x-forwarded-for": "203.0.113.7" });
    expect(await clientAddress()).toBe("203.0.113.7");
    expect(console.warn).toHaveBeenCalledTimes(1);
  });
});
