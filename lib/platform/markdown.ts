import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkMath from "remark-math";
import remarkRehype from "remark-rehype";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeKatex from "rehype-katex";
import rehypeStringify from "rehype-stringify";
import katex from "katex";

/**
 * Author Markdown with $…$ / $$…$$ math → safe HTML. Raw HTML in the source is dropped
 * (remark-rehype without allowDangerousHtml), the tree is sanitised with GitHub's schema
 * (no event handlers, no javascript: URLs), and only then does KaTeX render the math,
 * so KaTeX's own markup is the only markup we did not sanitise.
 */
const schema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    // remark-math marks math with these classes; keep them so rehype-katex finds it.
    code: [...(defaultSchema.attributes?.code ?? []), ["className", "language-math", "math-inline", "math-display"]],
    span: [...(defaultSchema.attributes?.span ?? []), ["className", "math", "math-inline", "math-display"]],
    div: [...(defaultSchema.attributes?.div ?? []), ["className", "math", "math-display"]],
  },
};

const processor = unified()
  .use(remarkParse)
  .use(remarkMath)
  .use(remarkRehype)
  .use(rehypeSanitize, schema)
  .use(rehypeKatex, { throwOnError: false, strict: false })
  .use(rehypeStringify);

/** remark-math treats `$$x$$` on one line as inline math; authors mean a display formula. */
function splitOneLineDisplayMath(source: string): string {
  return source.replace(/^([ \t]*)\$\$(.+?)\$\$[ \t]*$/gm, (_, indent: string, body: string) => `${indent}$$\n${indent}${body}\n${indent}$$`);
}

/**
 * Rendering is pure and costly (a unified pipeline and KaTeX: milliseconds per statement), and the
 * same author texts are rendered on every page load, so results are memoised: a bounded map in
 * insertion order, the oldest entries dropped first (texts are author content, so the set is small).
 */
const MEMO_LIMIT = 2000;
function memo(fn: (key: string) => string): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    let out = cache.get(key);
    if (out === undefined) {
      out = fn(key);
      if (cache.size >= MEMO_LIMIT) cache.delete(cache.keys().next().value as string);
      cache.set(key, out);
    }
    return out;
  };
}

const markdown = memo((source) => String(processor.processSync(splitOneLineDisplayMath(source))));
const inlineMath = memo((latex) => katex.renderToString(latex, { throwOnError: false, displayMode: false, strict: "ignore" }));
const displayMath = memo((latex) => katex.renderToString(latex, { throwOnError: false, displayMode: true, strict: "ignore" }));

export function renderMarkdown(source: string): string {
  return markdown(source);
}

/** A single LaTeX formula (e.g. a step title) → KaTeX HTML; bad LaTeX renders in red, never throws. */
export function renderMath(latex: string, options: { displayMode?: boolean } = {}): string {
  return options.displayMode ? displayMath(latex) : inlineMath(latex);
}
