/**
 * Static shape checking of matrix expressions (issue 15), on symbolic dimensions: n×m times m×1 is
 * n×1, whatever n and m are at a grading point. Run by the parser on every answer, key, mistake and
 * definition of a matrix exercise, so a product that cannot exist is an invalid answer with a
 * located message in the student's own terms — never "wrong" at some random numbers.
 *
 * Rules (docs/decisions/013-matrix-grammar.md):
 * - a shape is rows × columns; a dimension is a dimension variable's name or a fixed size; 1×1 is a
 *   scalar. Two different names never match, even if both could be drawn equal (dimension variables
 *   are drawn distinct anyway, so n×m never passes for m×n);
 * - `+ − * / ^`, element-wise functions: numpy broadcasting per axis (equal, or one side 1);
 * - matrix product `@` (and juxtaposition of two non-scalars): a×b times b×c; with a scalar operand
 *   it is scaling (the checker rewrites the node to "*");
 * - numpy 1-D arrays (np.sum / np.mean with an axis and without keepdims=True) behave as a row
 *   1×k, as numpy broadcasts them; their transpose is themselves, and in a matrix product they act as
 *   numpy's np.dot does (a vector on the right is a column, the result 1-D);
 * - `sum(M)` / `mean(M)`: scalar; with `axis=0` 1×c, `axis=1` r×1 (dimensions kept); an axis that does
 *   not exist is invalid; `softmax(Z)` keeps the shape (column-wise);
 * - `1/m X dZ^T` (a "/" followed by an implicit product containing a non-scalar) is invalid: it reads
 *   1/(m X dZ^T), almost never what was meant; so is `M^-1` for a non-scalar M (inverse or 1/M?).
 */
import type { Expr } from "./ast";

/** A dimension: a dimension variable's name, or a fixed size. */
export type Dim = string | number;
/** rows × columns; `vec`: a numpy 1-D array of length c (behaves as the row 1×c). */
export type Shape = { r: Dim; c: Dim; vec?: boolean };

export const SCALAR: Shape = { r: 1, c: 1 };

/** What the parser needs for a matrix exercise. */
export type MatrixParseInfo = {
  /** Shape of every declared name (scalars 1×1). */
  shapes: ReadonlyMap<string, Shape>;
  /** Display LaTeX of names (W1 → W^{[1]}), for previews. */
  latexNames?: ReadonlyMap<string, string>;
};

export class ShapeFail {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

export const isScalar = (s: Shape): boolean => s.r === 1 && s.c === 1;

export function sameShape(a: Shape, b: Shape): boolean {
  return a.r === b.r && a.c === b.c;
}

/** "n×m", "a scalar", "a 1-D array of length n". */
export function shapeText(s: Shape): string {
  if (isScalar(s)) return "a scalar";
  if (s.vec === true) return `a 1-D array of length ${s.c}`;
  return `${s.r}×${s.c}`;
}

/** Short form for "X is n×m". */
function isText(s: Shape): string {
  return isScalar(s) ? "a scalar" : s.vec === true ? `1-D (length ${s.c})` : `${s.r}×${s.c}`;
}

/** Calls with a matrix meaning (the rest of the whitelist applies element-wise). */
export const MATRIX_CALLS = new Set(["transpose", "sum", "mean", "npsum", "npmean", "softmax"]);

/** Numpy names a student may use, np.<key> → what it means. */
export const NUMPY_NAMES: ReadonlyMap<string, { kind: "matmul" | "multiply" | "transpose" | "reduce" | "fn" | "square" | "power"; fn?: string; args?: number }> = new Map([
  ["dot", { kind: "matmul" }],
  ["matmul", { kind: "matmul" }],
  ["multiply", { kind: "multiply" }],
  ["transpose", { kind: "transpose" }],
  ["sum", { kind: "reduce", fn: "sum" }],
  ["mean", { kind: "reduce", fn: "mean" }],
  ["exp", { kind: "fn", fn: "exp", args: 1 }],
  ["log", { kind: "fn", fn: "log", args: 1 }],
  ["tanh", { kind: "fn", fn: "tanh", args: 1 }],
  ["sqrt", { kind: "fn", fn: "sqrt", args: 1 }],
  ["abs", { kind: "fn", fn: "abs", args: 1 }],
  ["maximum", { kind: "fn", fn: "max", args: 2 }],
  ["square", { kind: "square" }],
  ["power", { kind: "power" }],
] as const);

export const NUMPY_LIST_TEXT = [...NUMPY_NAMES.keys()].map((k) => `np.${k}`).join(", ");

/**
 * Checks the shapes of a parsed matrix expression and resolves what the grammar leaves open:
 * juxtaposition of two non-scalars becomes the matrix product "@", "@" with a scalar operand becomes
 * "*", "*" between two non-scalars is marked `hadamard`, reduction axes are normalised (−1 → 1).
 * Mutates the nodes of this parse only. Returns the shape of every node (for the evaluator).
 *
 * `text` is the source, for messages in the student's terms ("X is n×m and (A − Y) is 1×m").
 * `divImplicit`: right operands of "/" that are unparenthesised implicit products (from the parser).
 * Throws ShapeFail with [start, end) of the offending operation.
 */
export function checkShapes(
  e: Expr,
  info: MatrixParseInfo,
  text: string,
  divImplicit: ReadonlySet<Expr> = new Set(),
): Map<Expr, Shape> {
  const shapes = new Map<Expr, Shape>();
  const src = (x: Expr): string => {
    const t = text.slice(x.start, x.end).trim();
    return t.length > 0 && t.length <= 40 ? t : "this part";
  };
  const visit = (x: Expr): Shape => {
    const s = shapeOf(x);
    shapes.set(x, s);
    return s;
  };
  const broadcast = (a: Shape, b: Shape, x: Expr & { type: "binary" }, what: string): Shape => {
    if (isScalar(a)) return b;
    if (isScalar(b)) return a;
    const r = a.r === b.r ? a.r : a.r === 1 ? b.r : b.r === 1 ? a.r : null;
    const c = a.c === b.c ? a.c : a.c === 1 ? b.c : b.c === 1 ? a.c : null;
    if (r === null || c === null) {
      const l = src(x.left);
      const rr = src(x.right);
      let hint = "";
      if (what === "multiplied element-wise" && matmulShape(a, b) !== null) hint = ` For the matrix product write ${l} @ ${rr} (or ${l} ${rr}).`;
      else if (a.r === b.c && a.c === b.r) hint = ` Did you mean to transpose one of them, e.g. ${wrapT(rr)}?`;
      throw new ShapeFail(`${l} is ${isText(a)} and ${rr} is ${isText(b)}: these can't be ${what} (the shapes don't match, and numpy's broadcasting only stretches a dimension of size 1).${hint}`, x.start, x.end);
    }
    return a.vec === true && b.vec === true ? { r: 1, c, vec: true } : { r, c };
  };
  const shapeOf = (x: Expr): Shape => {
    switch (x.type) {
      case "number":
      case "constant":
        return SCALAR;
      case "variable":
        return info.shapes.get(x.name) ?? SCALAR;
      case "neg":
        return visit(x.arg);
      case "binary": {
        const a = visit(x.left);
        const b = visit(x.right);
        switch (x.op) {
          case "+":
          case "-":
            return broadcast(a, b, x, x.op === "+" ? "added" : "subtracted");
          case "/": {
            if (divImplicit.has(x.right) && containsNonScalar(x.right, shapes)) {
              const l = src(x.left);
              const r = src(x.right);
              throw new ShapeFail(
                `${l}/${r} reads as ${l}/(${r}), a division by a matrix: write (${l}/${firstFactor(x.right, text)}) ${restFactors(x.right, text)} or ${restFactors(x.right, text)} / ${firstFactor(x.right, text)} if you mean ${l}/${firstFactor(x.right, text)} times the rest`,
                x.start,
                x.end,
              );
            }
            return broadcast(a, b, x, "divided element-wise");
          }
          case "^": {
            // M^-1 is the inverse in a textbook but 1/M entry by entry in numpy: refuse the ambiguity.
            const minusOne = x.right.type === "neg" && x.right.arg.type === "number" && x.right.arg.value === 1;
            if (minusOne && !isScalar(a)) {
              const l = src(x.left);
              throw new ShapeFail(`${l}^-1 is ambiguous for a matrix (the inverse, or 1/${l} entry by entry as in numpy): answers have no matrix inverse; for the element-wise reciprocal write 1/${/^[A-Za-z0-9_]+$/.test(l) ? l : `(${l})`}`, x.start, x.end);
            }
            return broadcast(a, b, x, "raised to a power element-wise");
          }
          case "*": {
            if (x.implicit === true && !isScalar(a) && !isScalar(b)) {
              x.op = "@";
              return matmul(a, b, x);
            }
            const s = broadcast(a, b, x, "multiplied element-wise");
            if (!isScalar(a) && !isScalar(b)) x.hadamard = true;
            return s;
          }
          case "@":
            if (isScalar(a) || isScalar(b)) {
              x.op = "*";
              return isScalar(a) ? b : a;
            }
            return matmul(a, b, x);
        }
        throw new ShapeFail("internal: unknown operator", x.start, x.end);
      }
      case "call": {
        const args = x.args.map(visit);
        const a = args[0] ?? SCALAR;
        switch (x.name) {
          case "transpose":
            return a.vec === true ? a : { r: a.c, c: a.r };
          case "softmax":
            return a;
          case "sum":
          case "mean":
          case "npsum":
          case "npmean": {
            const axisNode = x.args[1];
            if (axisNode === undefined) return SCALAR;
            if (axisNode.type !== "number") throw new ShapeFail("internal: axis must be a number", axisNode.start, axisNode.end);
            const ndim = a.vec === true ? 1 : 2;
            const raw = axisNode.value;
            const axis = raw < 0 ? raw + ndim : raw;
            if (!Number.isInteger(raw) || axis < 0 || axis >= ndim) {
              const what = ndim === 2 ? "a matrix has axis 0 (down each column) and axis 1 (along each row)" : "a 1-D array has only axis 0";
              throw new ShapeFail(`axis ${raw} does not exist: ${what}`, axisNode.start, axisNode.end);
            }
            axisNode.value = axis;
            if (ndim === 1) return SCALAR;
            const keep = x.name === "sum" || x.name === "mean";
            if (axis === 0) return keep ? { r: 1, c: a.c } : { r: 1, c: a.c, vec: true };
            return keep ? { r: a.r, c: 1 } : { r: 1, c: a.r, vec: true };
          }
          default: {
            // Element-wise: one argument keeps its shape, more broadcast together.
            let s = a;
            for (let i = 1; i < args.length; i++) {
              const b = args[i] as Shape;
              const r = s.r === b.r ? s.r : s.r === 1 ? b.r : b.r === 1 ? s.r : null;
              const c = s.c === b.c ? s.c : s.c === 1 ? b.c : b.c === 1 ? s.c : null;
              if (r === null || c === null) {
                throw new ShapeFail(`the arguments of ${x.name} are ${isText(s)} and ${isText(b)}: they must have the same shape (or one of them be a scalar)`, x.start, x.end);
              }
              s = s.vec === true && b.vec === true ? { r: 1, c, vec: true } : isScalar(s) ? b : isScalar(b) ? s : { r, c };
            }
            return s;
          }
        }
      }
    }
  };
  const matmul = (a: Shape, b: Shape, x: Expr & { type: "binary" }): Shape => {
    const s = matmulShape(a, b);
    if (s !== null) return s;
    const l = src(x.left);
    const r = src(x.right);
    const inner = a.vec === true ? a.c : a.c;
    const rows = b.vec === true ? b.c : b.r;
    // Same shapes: most likely an element-wise product written as a juxtaposition (tanh' ⊙ …).
    let hint = "";
    if (a.r === b.r && a.c === b.c) hint = ` For the element-wise product write ${l} * ${r}${matmulShape(a, transposed(b)) !== null ? `; for a matrix product ${l} ${wrapT(r)}` : ""}.`;
    else if (matmulShape(a, transposed(b)) !== null) hint = ` Did you mean ${l} ${wrapT(r)}?`;
    else if (matmulShape(transposed(a), b) !== null) hint = ` Did you mean ${wrapT(l)} ${r}?`;
    else if (matmulShape(b, a) !== null) hint = ` Did you mean ${r} ${l} (the other order)?`;
    throw new ShapeFail(
      `${l} is ${isText(a)} and ${r} is ${isText(b)}: these can't be multiplied as matrices (the columns of ${l}, ${inner}, must match the rows of ${r}, ${rows}).${hint}`,
      x.start,
      x.end,
    );
  };
  visit(e);
  return shapes;
}

function transposed(s: Shape): Shape {
  return s.vec === true ? s : { r: s.c, c: s.r };
}

/** "Xᵀ", "(A - Y)ᵀ", "log(A)ᵀ", "(w^T X)ᵀ": parentheses only where the text is not one operand. */
function wrapT(t: string): string {
  const open = t.indexOf("(");
  if (open < 0) return /^[A-Za-z][A-Za-z0-9_.^[\]]*$/.test(t) ? `${t}ᵀ` : `(${t})ᵀ`;
  if (!/^[A-Za-z0-9_.σ]*$/.test(t.slice(0, open))) return `(${t})ᵀ`;
  // One operand when the first "(" closes at the very end: f(…) or (…).
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    if (t[i] === "(") depth++;
    else if (t[i] === ")" && --depth === 0) return i === t.length - 1 ? `${t}ᵀ` : `(${t})ᵀ`;
  }
  return `(${t})ᵀ`;
}

/** Shape of a matrix product, or null when not conformable (numpy's np.dot rules for 1-D operands). */
export function matmulShape(a: Shape, b: Shape): Shape | null {
  if (isScalar(a)) return b;
  if (isScalar(b)) return a;
  if (a.vec === true && b.vec === true) return a.c === b.c ? SCALAR : null;
  if (a.vec === true) return a.c === b.r ? (b.c === 1 ? SCALAR : { r: 1, c: b.c, vec: true }) : null;
  if (b.vec === true) return a.c === b.c ? (a.r === 1 ? SCALAR : { r: 1, c: a.r, vec: true }) : null;
  if (a.c !== b.r) return null;
  return { r: a.r, c: b.c };
}

function containsNonScalar(e: Expr, shapes: ReadonlyMap<Expr, Shape>): boolean {
  if (e.type === "binary" && (e.op === "*" || e.op === "@") && e.implicit === true) {
    return containsNonScalar(e.left, shapes) || containsNonScalar(e.right, shapes);
  }
  const s = shapes.get(e);
  return s !== undefined && !isScalar(s);
}

/** The first factor of an implicit product chain, as typed ("m" of "m X dZ^T"). */
function firstFactor(e: Expr, text: string): string {
  let x = e;
  while (x.type === "binary" && x.implicit === true) x = x.left;
  return text.slice(x.start, x.end).trim();
}

/** The rest of the chain after the first factor, as typed ("X dZ^T"). */
function restFactors(e: Expr, text: string): string {
  let x = e;
  while (x.type === "binary" && x.implicit === true) x = x.left;
  return text.slice(x.end, e.end).trim();
}
