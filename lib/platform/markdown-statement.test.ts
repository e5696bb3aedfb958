import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

/**
 * Exercise statements are written by instructors and shown to every student (and live in the
 * editor's preview): a statement must render inert whatever HTML or math it contains.
 */
describe("an author's statement renders inert", () => {
  const statement = [
    "Let $a = \\sigma(z)$.",
    "",
    "<script>alert('block')</script>",
    "",
    "<img src=x onerror=\"alert('block img')\">",
    "",
    "Inline <script>alert('inline')</script> and <img src=x onerror=alert(1)> and [click me](javascript:alert(2)).",
    "",
    "<a href=\"javascript:alert(3)\" onclick=\"alert(4)\">raw link</a> <iframe src=\"https://example.org\"></iframe>",
    "",
    "Math links: $\\href{javascript:alert(5)}{x}$ and $\\url{javascript:alert(6)}$.",
    "",
    "[jAvAsCrIpT](JaVaScRiPt:alert(7)) [entity](&#106;avascript:alert(8))",
  ].join("\n");
  const html = renderMarkdown(statement);

  it("drops script elements, event handlers and frames", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<iframe/i);
  });

  it("leaves no javascript: URL in any attribute (Markdown links, raw HTML, KaTeX \\href/\\url)", () => {
    const urls = [...html.matchAll(/\s(?:href|src|action|formaction|xlink:href)\s*=\s*"([^"]*)"/gi)].map((m) => m[1] ?? "");
    for (const url of urls) expect(url.replace(/&#x?[0-9a-f]+;?/gi, "").trim()).not.toMatch(/^[a-z]*script:/i);
    expect(html).not.toMatch(/=\s*"?\s*javascript:/i);
    // KaTeX leaves the LaTeX source as text in its MathML annotation: inert, not a link.
    expect(html).not.toMatch(/<a [^>]*javascript/i);
  });

  it("still renders the math and the link texts", () => {
    expect(html).toContain('class="katex"');
    expect(html).toContain("click me");
  });
});
