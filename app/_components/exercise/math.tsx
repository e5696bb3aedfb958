"use client";
import katex from "katex";
import { useMemo } from "react";

/** Client-side KaTeX for previews and the derivation (the same renderer the server uses). */
export function TeX({ latex, display = false, className }: { latex: string; display?: boolean; className?: string }) {
  const html = useMemo(() => katex.renderToString(latex, { throwOnError: false, displayMode: display, strict: "ignore" }), [latex, display]);
  return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
