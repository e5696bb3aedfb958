import { describe, expect, it } from "vitest";
import type { NextConfig } from "next";
import { ACTION_BODY_LIMIT_BYTES, isWellFormedText, screenActionBody, screenActionHeaders } from "./action-request";

const bytes = (s: string) => new TextEncoder().encode(s);
const sameOrigin = { origin: "http://localhost:3000", host: "localhost:3000", secFetchSite: "same-origin", contentLength: "120" };

describe("screening server-action requests (issue #13 item 6)", () => {
  it("uses the body limit Next is configured with", async () => {
    // A plain .mjs file (no types): imported by a path that TypeScript does not resolve.
    const configPath: string = "../../next.config.mjs";
    const nextConfig = ((await import(configPath)) as { default: NextConfig }).default;
    expect(nextConfig.experimental?.serverActions?.bodySizeLimit).toBe("2mb");
    expect(ACTION_BODY_LIMIT_BYTES).toBe(2 * 1024 * 1024);
  });

  it("refuses a foreign Origin with 403 and an oversized declared body with 413", () => {
    expect(screenActionHeaders(sameOrigin)).toBeNull();
    expect(screenActionHeaders({ ...sameOrigin, origin: "https://evil.example" })).toMatchObject({ status: 403 });
    expect(screenActionHeaders({ ...sameOrigin, origin: "null" })).toMatchObject({ status: 403 });
    expect(screenActionHeaders({ ...sameOrigin, contentLength: String(2.5 * 1024 * 1024) })).toMatchObject({ status: 413 });
  });

  it("lets what encodeReply sends through, escaped dollars and self-contained forms included", () => {
    for (const body of [
      '["ckcourse",{"slug":"s","stepKey":"k","answer":"$$1"}]',
      '[{"a":"$undefined","b":"$NaN","c":"$-0","d":"$D2026-01-01T00:00:00.000Z","e":"$n12","f":"$Infinity"}]',
      '[{"text":"σ(z)(1−σ(z)) 😀"}]',
      "[]",
    ]) {
      expect(screenActionBody("text/plain;charset=UTF-8", bytes(body)), body).toBeNull();
    }
    expect(screenActionBody("multipart/form-data; boundary=x", bytes("--x\r\n…"))).toBeNull();
  });

  it("refuses empty, non-JSON, non-list, invalid UTF-8, dangling references and lone surrogates with 400", () => {
    for (const body of ["", "not json", '{"slug":"s"}', '[{"answer":"$1"}]', '[{"answer":"$@0"}]', '[{"answer":"$K1"}]', '[{"text":"a\\ud800"}]', '[{"text":"\\udc00b"}]']) {
      expect(screenActionBody("text/plain;charset=UTF-8", bytes(body)), body).toMatchObject({ status: 400 });
    }
    expect(screenActionBody("text/plain", new Uint8Array([0x5b, 0x22, 0xff, 0x22, 0x5d]))).toMatchObject({ status: 400 });
  });

  it("refuses a body over the limit with 413 whatever its type", () => {
    const big = new Uint8Array(ACTION_BODY_LIMIT_BYTES + 1).fill(0x20);
    expect(screenActionBody("text/plain", big)).toMatchObject({ status: 413 });
    expect(screenActionBody("multipart/form-data; boundary=x", big)).toMatchObject({ status: 413 });
  });

  it("tells well-formed text from lone surrogates", () => {
    expect(isWellFormedText("a😀b")).toBe(true);
    expect(isWellFormedText("a\ud800")).toBe(false);
    expect(isWellFormedText("\udc00")).toBe(false);
  });
});
