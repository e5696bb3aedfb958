import { renderMath } from "@/lib/platform/markdown";

/** Server-rendered KaTeX for a LaTeX string (how an answer was read); falls back to the text. */
export function MathText({ latex, fallback }: { latex: string; fallback?: string }) {
  if (!latex) return <span className="muted">{fallback ?? "—"}</span>;
  return <span dangerouslySetInnerHTML={{ __html: renderMath(latex) }} />;
}
