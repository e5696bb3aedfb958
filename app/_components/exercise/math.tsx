"use client";
import { Suspense, use, useMemo } from "react";

type Katex = (typeof import("katex"))["default"];

let katexPromise: Promise<Katex> | null = null;

/**
 * Starts loading KaTeX (once) and returns it. KaTeX is 75 kB of gzipped JavaScript, a third of the
 * exercise page's first load (issue 14): the page loads it when a student first focuses an answer
 * box (StepCard), by the time the preview needs it, instead of before the page is usable.
 */
export function preloadKatex(): Promise<Katex> {
  katexPromise ??= import("katex").then((m) => m.default);
  return katexPromise;
}

function Rendered({ latex, display, className }: { latex: string; display: boolean; className?: string | undefined }) {
  const katex = use(preloadKatex());
  const html = useMemo(() => katex.renderToString(latex, { throwOnError: false, displayMode: display, strict: "ignore" }), [katex, latex, display]);
  return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

/**
 * Client-side KaTeX for previews and the derivation (the same renderer the server uses). Rendered
 * on the server as usual; in the browser, a TeX that was server-rendered keeps its HTML until KaTeX
 * has loaded (React leaves a suspended boundary's server HTML in place), and a new one shows its
 * LaTeX source for the moment KaTeX takes to arrive.
 */
export function TeX({ latex, display = false, className }: { latex: string; display?: boolean; className?: string }) {
  return (
    <Suspense fallback={<span className={className}>{latex}</span>}>
      <Rendered latex={latex} display={display} className={className} />
    </Suspense>
  );
}
