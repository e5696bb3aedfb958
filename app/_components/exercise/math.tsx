"use client";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";

type Katex = (typeof import("katex"))["default"];

let katexPromise: Promise<Katex> | null = null;
/** KaTeX once loaded: then every TeX renders at once, with no Suspense fallback (raw LaTeX) shown. */
let loadedKatex: Katex | null = null;
let resolveLoaded!: (katex: Katex) => void;
/** Resolves when KaTeX has been loaded by preloadKatex — never loads it itself. */
const loaded = new Promise<Katex>((resolve) => (resolveLoaded = resolve));

/**
 * Starts loading KaTeX (once) and returns it. KaTeX is 75 kB of gzipped JavaScript, a third of the
 * exercise page's first load (issue 14): the page loads it when a student first focuses an answer
 * box (StepCard), by the time the preview needs it, instead of before the page is usable.
 */
export function preloadKatex(): Promise<Katex> {
  katexPromise ??= import("katex").then((m) => {
    loadedKatex = m.default;
    resolveLoaded(m.default);
    return m.default;
  });
  return katexPromise;
}

// On the server, load KaTeX as soon as this module is: server HTML then carries rendered math
// rather than a streamed fallback of raw LaTeX (found by a new-user trial on slow connections).
if (typeof window === "undefined") void preloadKatex();

const noSubscription = () => () => {};

/**
 * True while React hydrates server HTML (and on the server), false in the browser afterwards
 * (useSyncExternalStore's server snapshot is used during hydration).
 */
function useHydrating(): boolean {
  return useSyncExternalStore(noSubscription, () => false, () => true);
}

function renderTeX(katex: Katex, latex: string, display: boolean): string {
  return katex.renderToString(latex, { throwOnError: false, displayMode: display, strict: "ignore" });
}

/**
 * Client-side KaTeX for previews and the derivation (the same renderer the server uses).
 * - Server: rendered with KaTeX (loaded when this module is), inline in the HTML — no Suspense, so
 *   no streamed fallback of raw LaTeX (a Suspense boundary here was sent pending on every load of
 *   the exercise page, showing raw LaTeX on slow connections: found by a new-user trial).
 * - Hydrating in the browser without KaTeX: the server's HTML is kept as it is (React does not
 *   rewrite `dangerouslySetInnerHTML` while hydrating), and KaTeX is not loaded for it: it arrives
 *   when a student first focuses an answer (StepCard) and then renders the same HTML.
 * - A TeX that is new or whose LaTeX changed before KaTeX arrived shows the LaTeX source for that
 *   moment, and asks for KaTeX.
 */
export function TeX({ latex, display = false, className }: { latex: string; display?: boolean; className?: string }) {
  const hydrating = useHydrating() && typeof window !== "undefined";
  const [katex, setKatex] = useState<Katex | null>(() => loadedKatex);
  // The LaTeX this instance was hydrated with (null: not hydrated from server HTML).
  const [serverLatex] = useState<string | null>(() => (hydrating ? latex : null));
  const keepsServerHtml = katex === null && serverLatex === latex;
  useEffect(() => {
    if (katex) return;
    let live = true;
    // Hydrated and unchanged: wait for someone else to load KaTeX; otherwise load it now.
    void (keepsServerHtml ? loaded : preloadKatex()).then((k) => live && setKatex(k));
    return () => {
      live = false;
    };
  }, [katex, keepsServerHtml]);
  const html = useMemo(() => (katex ? renderTeX(katex, latex, display) : null), [katex, latex, display]);
  if (html !== null) return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
  if (keepsServerHtml) return <span className={className} dangerouslySetInnerHTML={{ __html: "" }} suppressHydrationWarning />;
  return <span className={className}>{latex}</span>;
}
