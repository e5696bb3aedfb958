/**
 * Tokeniser working directly on the original text, so every offset is an offset into what the
 * student typed. Unicode a student pastes is recognised here (no separate normalisation pass):
 * − – (minus), × · ⋅ ∗ (times), ÷ ∕ (divide), σ, π, superscripts ⁰¹²³⁴⁵⁶⁷⁸⁹ ⁻, non-breaking and thin spaces.
 *
 * Refused here, with the offsets of the offending text: two numbers side by side ("1 000", "1 1/2"),
 * and a decimal point glued to a name, ')' or a superscript ("x.1"), issue 12 kinds 4 and 8.
 * '|' is an operator token; the parser decides which bars open and which close.
 *
 * Matrix mode (issue 15; `tokenize(text, { matrix })`, only for exercises with shaped variables, so
 * scalar exercises read exactly as before): `@` and `· ⋅ ×` are the matrix product "@"; `⊙`, `.*`
 * and `∗` the element-wise "*"; `'`, `ᵀ`, `.T`, `^T`, `^{T}`, `^⊤` are one "transpose" token;
 * `=` separates keyword arguments (`axis=0`); `np.` glued to a name is part of it (`np.dot`); a
 * layer index glued to a name (`W^[1]`, `W^{[1]}`) is part of the name; `ŷ` (or y + U+0302) is a name.
 */
export type Token =
  | { kind: "num"; value: number; start: number; end: number }
  | { kind: "ident"; text: string; start: number; end: number }
  | { kind: "op"; op: "+" | "-" | "*" | "/" | "^" | "(" | ")" | "," | "|" | "@" | "="; start: number; end: number }
  | { kind: "transpose"; start: number; end: number }
  | { kind: "sup"; value: number; negative: boolean; digits: number; start: number; end: number }
  | { kind: "eof"; start: number; end: number };

export class LexError {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r", "\u00a0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200a", "\u200b", "\u202f", "\u205f", "\u3000", "\ufeff"]);
type OpChar = "+" | "-" | "*" | "/" | "^" | "(" | ")" | "," | "|";
const SINGLE_OPS = new Map<string, OpChar>([
  ["+", "+"],
  ["-", "-"],
  ["\u2212", "-"], // − minus sign
  ["\u2013", "-"], // – en dash
  ["\u2012", "-"],
  ["*", "*"],
  ["\u00d7", "*"], // ×
  ["\u00b7", "*"], // ·
  ["\u22c5", "*"], // ⋅
  ["\u2217", "*"], // ∗
  ["/", "/"],
  ["\u00f7", "/"], // ÷
  ["\u2215", "/"], // ∕
  ["^", "^"],
  ["(", "("],
  [")", ")"],
  [",", ","],
  ["|", "|"], // absolute value bars; the parser pairs them (see parser.ts, pairBars)
]);
const ASCII_OPS: (OpChar | undefined)[] = [];
for (const ch of "+-*/^(),|") ASCII_OPS[ch.charCodeAt(0)] = ch as OpChar;

const SUPERSCRIPT_DIGITS = new Map<string, number>([
  ["\u2070", 0],
  ["\u00b9", 1],
  ["\u00b2", 2],
  ["\u00b3", 3],
  ["\u2074", 4],
  ["\u2075", 5],
  ["\u2076", 6],
  ["\u2077", 7],
  ["\u2078", 8],
  ["\u2079", 9],
]);
const SUPERSCRIPT_MINUS = "\u207b";
/** Single characters that are identifiers on their own. */
const GREEK_IDENTS = new Set(["σ", "π"]);

const BAD_CHARS = new Map<string, string>([
  [";", "';' is not allowed: type a single expression"],
  ["=", "'=' is not allowed: type only the expression itself, not an equation"],
  ["[", "square brackets are not allowed: use round parentheses ( )"],
  ["]", "square brackets are not allowed: use round parentheses ( )"],
  ["{", "curly braces are not allowed: use round parentheses ( )"],
  ["}", "curly braces are not allowed: use round parentheses ( )"],
  ["'", "quotes are not allowed in an expression"],
  ['"', "quotes are not allowed in an expression"],
  ["`", "quotes are not allowed in an expression"],
  ["!", "'!' is not allowed: factorials are not supported"],
  ["_", "'_' is not allowed here: names start with a letter"],
  ["\\", "'\\' is not allowed: type plain text such as sqrt(a), not LaTeX"],
]);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

export type LexOptions = {
  /** Matrix mode (see the file comment); `transposeT` false when a variable is named T (then ^T is a power). */
  matrix?: { transposeT: boolean };
};

const isNameChar = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95;
/** Matrix product spellings in matrix mode (on scalars the ordinary product). */
const MATRIX_PRODUCT = new Set(["@", "\u00b7", "\u22c5", "\u00d7"]);

/**
 * Matrix-mode tokens starting at i (see the file comment), or null. Pushes onto tokens and returns
 * the new position.
 */
function matrixToken(text: string, i: number, tokens: Token[], transposeT: boolean): number | null {
  const ch = text.charAt(i);
  const n = text.length;
  const prev = tokens[tokens.length - 1];
  const glued = prev !== undefined && prev.end === i && (prev.kind === "ident" || prev.kind === "transpose" || prev.kind === "sup" || (prev.kind === "op" && prev.op === ")"));
  if (ch === "^" && text.charAt(i + 1) !== "*") {
    let j = i + 1;
    while (j < n && text.charAt(j) === " ") j++;
    if (transposeT && text.charAt(j) === "T" && !isNameChar(text.charCodeAt(j + 1))) {
      tokens.push({ kind: "transpose", start: i, end: j + 1 });
      return j + 1;
    }
    if (transposeT && text.startsWith("{T}", j)) {
      tokens.push({ kind: "transpose", start: i, end: j + 3 });
      return j + 3;
    }
    if (text.charAt(j) === "\u22a4") {
      tokens.push({ kind: "transpose", start: i, end: j + 1 });
      return j + 1;
    }
    // W^[1], W^{[1]}: a layer index glued to a name is part of the name (the parser resolves it to W1).
    const layer = /^(\{?)\[([0-9]{1,3})\](\}?)/.exec(text.slice(i + 1, i + 12));
    if (layer !== null && prev !== undefined && prev.kind === "ident" && prev.end === i && (layer[1] === "") === (layer[3] === "")) {
      prev.text = `${prev.text}^[${layer[2]}]`;
      prev.end = i + 1 + layer[0].length;
      return prev.end;
    }
    return null;
  }
  if (ch === "." && glued && text.charAt(i + 1) === "T" && !isNameChar(text.charCodeAt(i + 2))) {
    tokens.push({ kind: "transpose", start: i, end: i + 2 });
    return i + 2;
  }
  if (ch === "." && text.charAt(i + 1) === "*") {
    tokens.push({ kind: "op", op: "*", start: i, end: i + 2 });
    return i + 2;
  }
  if ((ch === "'" || ch === "\u1d40" || ch === "\u22a4") && glued) {
    tokens.push({ kind: "transpose", start: i, end: i + 1 });
    return i + 1;
  }
  if (MATRIX_PRODUCT.has(ch)) {
    tokens.push({ kind: "op", op: "@", start: i, end: i + 1 });
    return i + 1;
  }
  if (ch === "\u2299") {
    tokens.push({ kind: "op", op: "*", start: i, end: i + 1 });
    return i + 1;
  }
  if (ch === "=") {
    tokens.push({ kind: "op", op: "=", start: i, end: i + 1 });
    return i + 1;
  }
  if (ch === "\u0177") {
    tokens.push({ kind: "ident", text: "ŷ", start: i, end: i + 1 });
    return i + 1;
  }
  return null;
}

export function tokenize(text: string, options: LexOptions = {}): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  const matrix = options.matrix;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (matrix !== undefined && (c === 94 || c === 46 || c === 39 || c === 64 || c === 61 || c > 127)) {
      const next = matrixToken(text, i, tokens, matrix.transposeT);
      if (next !== null) {
        i = next;
        continue;
      }
    }
    // ASCII fast path: space, operators, parentheses.
    if (c === 32) {
      i++;
      continue;
    }
    const fast = c < 128 ? ASCII_OPS[c] : undefined;
    if (fast !== undefined && !(c === 42 && text.charCodeAt(i + 1) === 42)) {
      tokens.push({ kind: "op", op: fast, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (isDigit(c) || (c === 46 /* . */ && i + 1 < n && isDigit(text.charCodeAt(i + 1)))) {
      const start = i;
      const prev = tokens[tokens.length - 1];
      // "x.1" is not x·0.1: a point glued to a name (or a closing parenthesis or superscript) does not
      // start a number. Only "." + digits is refused, so a later x.T (transpose) stays possible.
      if (c === 46 && prev !== undefined && prev.end === i && (prev.kind === "ident" || prev.kind === "sup" || (prev.kind === "op" && prev.op === ")"))) {
        let j = i + 1;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
        const num = `0${text.slice(i, j)}`;
        throw new LexError(
          prev.kind === "ident"
            ? `a decimal point right after the name ${prev.text} is not part of a number: write ${prev.text}*${num} if you mean ${prev.text} times ${num}`
            : `a decimal point right after ${prev.kind === "sup" ? "a superscript" : "')'"} is not part of a number: write *${num} if you mean a product`,
          i,
          j,
        );
      }
      let whole = 0; // exact while there are at most 15 digits
      while (i < n && isDigit(text.charCodeAt(i))) whole = whole * 10 + (text.charCodeAt(i++) - 48);
      const intEnd = i;
      if (text.charCodeAt(i) === 46) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      // Scientific notation wins over "times e": 1e-3 is 0.001 (write 2*e - 3 or 2 e - 3 for the other).
      const e = text.charCodeAt(i);
      if (e === 101 /* e */ || e === 69 /* E */) {
        let j = i + 1;
        const sign = text.charCodeAt(j);
        if (sign === 43 /* + */ || sign === 45 /* - */) j++;
        if (j < n && isDigit(text.charCodeAt(j))) {
          while (j < n && isDigit(text.charCodeAt(j))) j++;
          i = j;
        }
      }
      if (text.charCodeAt(i) === 46 && i + 1 < n && isDigit(text.charCodeAt(i + 1))) {
        throw new LexError("a number can have only one decimal point", start, i + 1);
      }
      // Plain short integers (most numbers students type) need no string conversion.
      const value = i === intEnd && i - start <= 15 ? whole : Number(text.slice(start, i));
      if (!Number.isFinite(value)) throw new LexError("this number is too large", start, i);
      // "1 000" and "1 1/2" are not products: a student writing digit groups or a mixed number means
      // something else, so two numbers side by side are refused instead of silently multiplied.
      if (prev !== undefined && prev.kind === "num") {
        const a = text.slice(prev.start, prev.end);
        const b = text.slice(start, i);
        let k = i;
        while (k < n && WHITESPACE.has(text.charAt(k))) k++;
        const mixed = text.charAt(k) === "/" || text.charAt(k) === "\u00f7";
        let d = k + 1;
        while (d < n && WHITESPACE.has(text.charAt(d))) d++;
        const denStart = d;
        while (d < n && isDigit(text.charCodeAt(d))) d++;
        const den = d > denStart ? text.slice(denStart, d) : "…";
        throw new LexError(
          mixed
            ? `two numbers next to each other: for a mixed number write (${a} + ${b}/${den}), for a product ${a}*${b}`
            : `two numbers next to each other: write ${a}${b} or ${a}*${b}`,
          prev.start,
          i,
        );
      }
      tokens.push({ kind: "num", value, start, end: i });
      continue;
    }
    if (isLetter(c)) {
      const start = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isLetter(d) || isDigit(d) || d === 95 /* _ */) i++;
        else break;
      }
      if (matrix === undefined && text.charCodeAt(i) === 0x302 && text.charCodeAt(i - 1) === 121 && i - start === 1) {
        // y + combining circumflex: ŷ, a display name (issue 17 item 9), as in matrix mode below.
        i++;
        tokens.push({ kind: "ident", text: "ŷ", start, end: i });
        continue;
      }
      if (matrix !== undefined) {
        // np.dot, np.sum: the module prefix is part of the name (the parser whitelists np. names).
        if (i - start === 2 && text.startsWith("np.", start) && isLetter(text.charCodeAt(i + 1))) {
          i++;
          while (i < n && isNameChar(text.charCodeAt(i))) i++;
        } else if (text.charCodeAt(i) === 0x302 && text.charCodeAt(i - 1) === 121 /* y + combining circumflex */ && i - start === 1) {
          i++;
          tokens.push({ kind: "ident", text: "ŷ", start, end: i });
          continue;
        }
      }
      tokens.push({ kind: "ident", text: text.slice(start, i), start, end: i });
      continue;
    }
    const ch = text.charAt(i);
    if (WHITESPACE.has(ch)) {
      i++;
      continue;
    }
    if (ch === "\u0177") {
      // ŷ typed directly: the parser resolves it to the exercise's y_hat / yhat / yHat.
      tokens.push({ kind: "ident", text: "ŷ", start: i, end: i + 1 });
      i++;
      continue;
    }
    if (GREEK_IDENTS.has(ch)) {
      tokens.push({ kind: "ident", text: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ch === "*" && text.charAt(i + 1) === "*") {
      tokens.push({ kind: "op", op: "^", start: i, end: i + 2 });
      i += 2;
      continue;
    }
    const op = SINGLE_OPS.get(ch);
    if (op !== undefined) {
      tokens.push({ kind: "op", op, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ch === SUPERSCRIPT_MINUS || SUPERSCRIPT_DIGITS.has(ch)) {
      const start = i;
      const negative = ch === SUPERSCRIPT_MINUS;
      if (negative) i++;
      let value = 0;
      let digits = 0;
      for (;;) {
        const d = SUPERSCRIPT_DIGITS.get(text.charAt(i));
        if (d === undefined) break;
        value = value * 10 + d;
        digits++;
        i++;
      }
      if (digits === 0) throw new LexError("a superscript minus '⁻' must be followed by superscript digits", start, i);
      tokens.push({ kind: "sup", value, negative, digits, start, end: i });
      continue;
    }
    const bad = BAD_CHARS.get(ch);
    const cp = text.codePointAt(i) ?? c;
    const width = cp > 0xffff ? 2 : 1;
    if (bad !== undefined) throw new LexError(bad, i, i + 1);
    const shown = text.slice(i, i + width);
    throw new LexError(
      `'${shown}' is not allowed: use numbers, variables, functions, + - * / ^ and parentheses`,
      i,
      i + width,
    );
  }
  tokens.push({ kind: "eof", start: n, end: n });
  return tokens;
}
