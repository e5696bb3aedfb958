"use client";
import { Suspense, use, useMemo, useSyncExternalStore } from "react";

type Katex = (typeof import("katex"))["default"];

let katexPromise: Promise<Katex> | null = null;
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
    resolveLoaded(m.default);
    return m.default;
  });
  return katexPromise;
}

const noSubscription = () => () => {};

/**
 * True while React hydrates server HTML (and on the server), false in the browser afterwards
 * (useSyncExternalStore's server snapshot is used during hydration).
 */
function useHydrating(): boolean {
  return useSyncExternalStore(noSubscription, () => false, () => true);
}

function Rendered({ latex, display, className }: { latex: string; display: boolean; className?: string | undefined }) {
  // Hydrating in the browser: wait for KaTeX without loading it. React keeps the server's HTML of
  // a boundary that suspends while hydrating, so math already on the page stays rendered and
  // costs no script until a student focuses an answer (or the TeX changes, which renders anew).
  const hydrating = useHydrating() && typeof window !== "undefined";
  const katex = use(hydrating ? loaded : preloadKatex());
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
