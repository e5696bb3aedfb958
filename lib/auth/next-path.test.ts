import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps paths on this site, with query and fragment", () => {
    expect(safeNextPath("/exercises/tanh-derivative")).toBe("/exercises/tanh-derivative");
    expect(safeNextPath("/courses/abc/gradebook?sort=name&dir=asc#top")).toBe("/courses/abc/gradebook?sort=name&dir=asc#top");
    expect(safeNextPath("/")).toBe("/");
  });

  it("refuses empty values, absolute and protocol-relative URLs", () => {
    for (const bad of [undefined, null, "", "https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "evil.example"]) {
      expect(safeNextPath(bad)).toBe("/");
    }
  });

  it("refuses paths that a browser reads as another host (tab, newline, backslash tricks)", () => {
    for (const bad of ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\t\\evil.example", "/ /\\evil.example", "\\/evil.example"]) {
      const safe = safeNextPath(bad);
      expect(new URL(safe, "https://stepwise.example").host, JSON.stringify(bad)).toBe("stepwise.example");
      expect(safe).toBe("/");
    }
  });

  it("refuses dot segments that resolve to a protocol-relative path (/.//, /..//, /%2e//)", () => {
    for (const bad of ["/.//evil.example/x", "/..//evil.example/x", "/%2e//evil.example/x", "/%2E%2E//evil.example/x", "/a/..//evil.example", "/a/b/../..//evil.example/x?y#z", "/%2e/%2e//evil.example"]) {
      const safe = safeNextPath(bad);
      expect(safe, JSON.stringify(bad)).toBe("/");
    }
  });

  it("keeps harmless dot segments, resolved the way the browser will", () => {
    expect(safeNextPath("/courses/./abc")).toBe("/courses/abc");
    expect(safeNextPath("/courses/x/../abc?tab=1")).toBe("/courses/abc?tab=1");
  });

  it("never returns a value a browser reads as another origin (property)", () => {
    // Strings built from the characters that matter for URL resolution; whatever comes in, what comes
    // out must start with exactly one "/" and resolve to the same site, and be stable if checked again.
    const piece = fc.constantFrom("/", "\\", ".", "..", "%2e", "%2E", "%2f", "%5c", "\t", "\n", " ", "?", "#", ":", "@", "evil.example", "a");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const input = "/" + pieces.join("");
        const safe = safeNextPath(input);
        expect(safe.startsWith("/")).toBe(true);
        expect(safe.startsWith("//")).toBe(false);
        expect(safe.startsWith("/\\")).toBe(false);
        expect(new URL(safe, "https://stepwise.example").origin).toBe("https://stepwise.example");
        expect(safeNextPath(safe)).toBe(safe);
      }),
      { numRuns: 2000 },
    );
  });
});
