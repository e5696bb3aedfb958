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
});
