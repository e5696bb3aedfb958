/**
 * A plain-text reading of a short LaTeX title, for accessible names ("Answer for dL/da"):
 * KaTeX's markup does not make a clean name. Handles what step titles use (\frac, sub/superscripts,
 * Greek letters); anything else loses its backslash and braces.
 */
const GREEK: Record<string, string> = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", theta: "θ", lambda: "λ", mu: "μ",
  pi: "π", rho: "ρ", sigma: "σ", tau: "τ", phi: "φ", omega: "ω", partial: "∂", nabla: "∇", cdot: "·", times: "×",
};

function group(src: string, at: number): { body: string; end: number } | null {
  if (src[at] !== "{") return null;
  let depth = 0;
  for (let i = at; i < src.length; i++) {
    if (src[i] === "{") depth++;
    else if (src[i] === "}" && --depth === 0) return { body: src.slice(at + 1, i), end: i + 1 };
  }
  return null;
}

export function latexToPlainText(latex: string): string {
  let out = "";
  let i = 0;
  const src = latex.trim();
  while (i < src.length) {
    const rest = src.slice(i);
    const frac = /^\\[dt]?frac\s*/.exec(rest);
    if (frac) {
      const num = group(src, i + frac[0].length);
      const den = num ? group(src, num.end) : null;
      if (num && den) {
        const wrap = (s: string) => (/^[\w∂]+$/.test(s) ? s : `(${s})`);
        out += `${wrap(latexToPlainText(num.body))}/${wrap(latexToPlainText(den.body))}`;
        i = den.end;
        continue;
      }
    }
    const cmd = /^\\([A-Za-z]+)\s*/.exec(rest);
    if (cmd) {
      const name = cmd[1] ?? "";
      const greek = GREEK[name];
      if (greek !== undefined) out += greek;
      else if (!["left", "right", "big", "Big", "mathrm", "operatorname", "text"].includes(name)) {
        // A function name (\tanh, \log) reads as a word: keep it apart from what precedes it.
        out += (/[\w)]$/.test(out) ? " " : "") + name;
      }
      i += cmd[0].length;
      continue;
    }
    const ch = src[i] ?? "";
    if (ch === "{" || ch === "}" || ch === "\\") {
      i++;
      continue;
    }
    out += ch === "_" ? "_" : ch;
    i++;
  }
  return out.replace(/\s+/g, " ").trim();
}
