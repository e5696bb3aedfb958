import { buildContext, variablesKey } from "./context";
import { toLatex } from "./latex";
import { parseTree, shapeWords, type ParseOptions } from "./parser";
import { printCanonical } from "./print";
import type { Shape } from "./shape";
import type { ParseResult, Variable } from "./types";

/**
 * Parse what a student typed. Errors carry [start, end) offsets into `text` as typed.
 * `options.variables` are the names the answer may use; `options.declared` (optional) lists all
 * variables of the exercise, so a declared-but-not-allowed name gets "can't be used in this step".
 * For a matrix exercise pass `options.matrix` (simplest: `parseOptionsFor(variables, allowed)`):
 * the result then has `shape` ("n×1", "scalar") and the preview LaTeX ends with the shape in brackets.
 */
export function parseExpression(text: string, options: ParseOptions): ParseResult {
  const r = parseTree(text, options);
  if (!r.ok) return r;
  const canonical = printCanonical(r.expr);
  const shape = r.shapes?.get(r.expr);
  if (options.matrix === undefined || shape === undefined) return { ok: true, expr: r.expr, latex: toLatex(r.expr, options.matrix?.latexNames ?? options.latexNames), canonical };
  const words = shapeWords(shape);
  const shown = words === "scalar" ? "\\text{scalar}" : shape.vec === true ? `\\text{1-D, length } ${shape.c}` : `${shape.r} \\times ${shape.c}`;
  return { ok: true, expr: r.expr, latex: `${toLatex(r.expr, options.matrix.latexNames)} \\qquad [\\,${shown}\\,]`, canonical, shape: words };
}

const optionsCache = new Map<string, { variables: string[]; matrix?: ParseOptions["matrix"]; latexNames?: ParseOptions["latexNames"] }>();

/**
 * Parse options for an exercise's variables: the names, and for a matrix exercise (a variable with
 * a `shape`) the shapes of all names (definitions' inferred) and their display LaTeX. `allowed`
 * restricts the names an answer may use (a step's allowedVariables). Invalid variables: names only.
 */
export function parseOptionsFor(variables: readonly Variable[], allowed?: readonly string[]): ParseOptions {
  const key = variablesKey(variables);
  let base = optionsCache.get(key);
  if (base === undefined) {
    const names = variables.map((v) => v.name);
    const built = buildContext(variables);
    const latexNames = new Map(variables.flatMap((v) => (typeof v.latex === "string" && v.latex.length > 0 ? [[v.name, v.latex] as const] : [])));
    base =
      built.ok && built.ctx.matrix !== undefined
        ? { variables: names, matrix: built.ctx.matrix.info }
        : latexNames.size > 0
          ? { variables: names, latexNames }
          : { variables: names };
    if (optionsCache.size > 200) optionsCache.clear();
    optionsCache.set(key, base);
  }
  return allowed === undefined ? base : { ...base, variables: [...allowed], declared: base.variables };
}

/**
 * The matrix part of an exercise's parse options as plain data (arrays, not Maps), so a server can
 * send it to the browser's live preview: every declared name's shape (a definition's as inferred)
 * and display LaTeX. Shapes are not key material — statements state them, and the preview needs
 * them to check an answer's shape — and nothing here says what any step's answer is.
 */
export type MatrixNames = { shapes: [string, Shape][]; latexNames: [string, string][] };

/** `parseOptionsFor(variables).matrix` as plain data; null for a scalar exercise (or invalid variables). */
export function matrixNamesFor(variables: readonly Variable[]): MatrixNames | null {
  const m = parseOptionsFor(variables).matrix;
  return m === undefined ? null : { shapes: [...m.shapes].map(([n, s]) => [n, { ...s }]), latexNames: [...(m.latexNames ?? [])] };
}

/**
 * The parse options `parseOptionsFor(variables, allowed)` gives, rebuilt from the names of all
 * variables and `matrixNamesFor(variables)`: what a browser that has no definitions can build.
 */
export function parseOptionsFromNames(
  declared: readonly string[],
  matrix: MatrixNames | null,
  allowed?: readonly string[],
  /** A scalar exercise's display names ([name, LaTeX]), for the preview (displayNamesFor). */
  displayNames?: readonly (readonly [string, string])[],
): ParseOptions {
  const info =
    matrix !== null
      ? { matrix: { shapes: new Map(matrix.shapes), latexNames: new Map(matrix.latexNames) } }
      : displayNames && displayNames.length > 0
        ? { latexNames: new Map(displayNames) }
        : {};
  return allowed === undefined ? { variables: declared, ...info } : { variables: allowed, declared, ...info };
}

/** A scalar exercise's display names as plain data ([name, LaTeX] of variables with a `latex`), for the browser's preview. */
export function displayNamesFor(variables: readonly Variable[]): [string, string][] {
  return variables.flatMap((v) => (typeof v.latex === "string" && v.latex.length > 0 ? [[v.name, v.latex] as [string, string]] : []));
}
