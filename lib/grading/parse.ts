import { toLatex } from "./latex";
import { parseTree, type ParseOptions } from "./parser";
import { printCanonical } from "./print";
import type { ParseResult } from "./types";

/**
 * Parse what a student typed. Errors carry [start, end) offsets into `text` as typed.
 * `options.variables` are the names the answer may use; `options.declared` (optional) lists all
 * variables of the exercise, so a declared-but-not-allowed name gets "can't be used in this step".
 */
export function parseExpression(text: string, options: ParseOptions): ParseResult {
  const r = parseTree(text, options);
  if (!r.ok) return r;
  return { ok: true, expr: r.expr, latex: toLatex(r.expr), canonical: printCanonical(r.expr) };
}
