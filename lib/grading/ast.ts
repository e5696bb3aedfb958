/** AST of a parsed expression. Every node carries [start, end) offsets into the ORIGINAL text. */
export type Span = { start: number; end: number };

export type NumberNode = Span & { type: "number"; value: number };
export type VariableNode = Span & { type: "variable"; name: string };
export type ConstantNode = Span & { type: "constant"; name: "e" | "pi" };
export type NegNode = Span & { type: "neg"; arg: Expr };
/**
 * "@" is the matrix product (issue 15; only in matrix exercises, where the shape check also turns a
 * juxtaposition of two non-scalars into "@"); on a scalar operand the checker makes it "*".
 */
export type BinaryOp = "+" | "-" | "*" | "/" | "^" | "@";
export type BinaryNode = Span & {
  type: "binary";
  op: BinaryOp;
  left: Expr;
  right: Expr;
  /** true for juxtaposition (`2a`, `a(1-a)`); same meaning as "*", kept only for display decisions. */
  implicit?: boolean;
  /** Set by the shape check on a "*" between two non-scalars: element-wise (shown as ⊙). */
  hadamard?: boolean;
};
/** `name` is the canonical function name (σ and sigmoid → "sigma", ln → "log"). */
export type CallNode = Span & { type: "call"; name: string; args: Expr[] };

export type Expr = NumberNode | VariableNode | ConstantNode | NegNode | BinaryNode | CallNode;

/** Structural equality, ignoring positions and the implicit flag. */
export function sameTree(a: Expr, b: Expr): boolean {
  switch (a.type) {
    case "number":
      return b.type === "number" && Object.is(a.value, b.value);
    case "variable":
      return b.type === "variable" && a.name === b.name;
    case "constant":
      return b.type === "constant" && a.name === b.name;
    case "neg":
      return b.type === "neg" && sameTree(a.arg, b.arg);
    case "binary":
      return b.type === "binary" && a.op === b.op && sameTree(a.left, b.left) && sameTree(a.right, b.right);
    case "call":
      return (
        b.type === "call" &&
        a.name === b.name &&
        a.args.length === b.args.length &&
        a.args.every((x, i) => {
          const y = b.args[i];
          return y !== undefined && sameTree(x, y);
        })
      );
  }
}

/** Variables used by an expression, in order of first use. */
export function variablesOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.type) {
    case "variable":
      out.add(e.name);
      break;
    case "neg":
      variablesOf(e.arg, out);
      break;
    case "binary":
      variablesOf(e.left, out);
      variablesOf(e.right, out);
      break;
    case "call":
      for (const a of e.args) variablesOf(a, out);
      break;
    default:
      break;
  }
  return out;
}

/** Operations counted by form requirements: binary operators (explicit or implicit), unary minus, function calls. */
export function countOperations(e: Expr): number {
  switch (e.type) {
    case "neg":
      return 1 + countOperations(e.arg);
    case "binary":
      return 1 + countOperations(e.left) + countOperations(e.right);
    case "call":
      return e.args.reduce((n, a) => n + countOperations(a), 1);
    default:
      return 0;
  }
}

/** Canonical function names used by an expression. */
export function functionsOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.type) {
    case "neg":
      functionsOf(e.arg, out);
      break;
    case "binary":
      functionsOf(e.left, out);
      functionsOf(e.right, out);
      break;
    case "call":
      out.add(e.name);
      for (const a of e.args) functionsOf(a, out);
      break;
    default:
      break;
  }
  return out;
}
