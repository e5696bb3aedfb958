import { describe, expect, it } from "vitest";
import { renderMarkdown, renderMath } from "./markdown";

describe("renderMarkdown", () => {
  it("renders inline and display math with KaTeX", () => {
    const html = renderMarkdown("Let $a = \\sigma(z)$.\n\n$$L = -y \\log a$$");
    expect(html).toContain('class="katex"');
    expect(html).toContain("katex-display");
  });

  it("renders author HTML and scripts inert", () => {
    const html = renderMarkdown(
      'Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3)) <a href="javascript:alert(4)">x</a>',
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onerror/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/<img/i);
  });

  it("keeps ordinary links and emphasis", () => {
    const html = renderMarkdown("**bold** and [docs](https://example.org)");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('href="https://example.org"');
  });
});

describe("renderMath", () => {
  it("renders a fraction", () => {
    expect(renderMath("\\frac{dL}{da}")).toContain("mfrac");
  });
  it("does not throw on bad LaTeX", () => {
    expect(() => renderMath("\\frac{")).not.toThrow();
  });
});
