import { describe, expect, it } from "vitest";
import { renderInlineMarkdown } from "./markdown";

describe("renderInlineMarkdown (feedback after a check)", () => {
  it("renders $…$ math with KaTeX and drops the single wrapping paragraph", () => {
    const html = renderInlineMarkdown("The derivative of $\\frac{1}{1-a}$ is missing.");
    expect(html).toContain('class="katex"');
    expect(html).not.toContain("$");
    expect(html.startsWith("<p>")).toBe(false);
  });
  it("keeps several paragraphs as paragraphs and sanitises HTML", () => {
    expect(renderInlineMarkdown("one\n\ntwo")).toBe("<p>one</p>\n<p>two</p>");
    expect(renderInlineMarkdown('<img src=x onerror="alert(1)">ok')).not.toContain("onerror");
  });
});
