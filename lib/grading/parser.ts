/**
 * Recursive-descent parser for student answers. Grammar (loosest to tightest):
 *
 *   sum      := product (("+" | "-") product)*
 *   product  := signed (("*" | "/") signed)*
 *   signed   := ("-" | "+") signed | implicit
 *   implicit := power power*                 juxtaposition: 2a, a(1-a), (a)(b), 2σ(z)
 *   power    := postfix ("^" exponent)?       right-associative; "**" is "^"
 *   exponent := ("-" | "+") exponent | power  so 2^-1 works and -a^2 is -(a^2)
 *   postfix  := primary superscript*          a², σ(z)³, a⁻¹
 *   primary  := number | name | name "(" sum ("," sum)* ")" | "(" sum ")" | "|" sum "|"
 *
 * Implicit multiplication binds tighter than "*" and "/": a/2b is a/(2b), and (a-y)/a(1-a) is
 * (a-y)/(a(1-a)). The preview shows the interpretation.
 *
 * Names: a declared variable wins over everything (a variable named e shadows the constant e; a
 * variable followed by "(" is a product). Then whitelisted functions (need parentheses), then the
 * constants e and pi/π, then a unique split of the name into declared variables (ay → a·y,
 * ylog(a) → y·log(a)), and only if there is none, into declared variables and the constants e, pi
 * (2pir → 2·pi·r, xe^x → x·e^x). A split name is replaced by one token per part before parsing goes
 * on, so a power, superscript or call binds to the last part only (wx^2 = w·x², as in textbooks) and
 * an exponent that is a split name takes its first part only (x^yz = x^y·z, as in Numbas).
 *
 * Bars: "|" pairs are absolute values when exactly one pairing of all bars is possible (pairBars).
 */
import type { BinaryOp, Expr } from "./ast";
import { GRADING_DEFAULTS } from "./defaults";
import { CONSTANTS, FUNCTIONS, FUNCTION_ALIASES, FUNCTION_LIST_TEXT } from "./functions";
import { LexError, tokenize, type Token } from "./lexer";
import { checkShapes, isScalar, MATRIX_CALLS, NUMPY_LIST_TEXT, NUMPY_NAMES, ShapeFail, shapeText, type MatrixParseInfo, type Shape } from "./shape";

/**
 * Why an input cannot be read, located by [start, end) offsets. `kind: "shape"` marks a matrix shape
 * error (non-conformable operation, or an answer of another shape than the step's), which the app
 * keeps for the instructor's analytics as a non-attempt event.
 */
export type ParseError = { message: string; start: number; end: number; kind?: "shape" };

/** The variable names `ŷ` (typed, or y + U+0302) stands for, in this order. */
const YHAT_NAMES = ["y_hat", "yhat", "yHat"] as const;

export type ParseOptions = {
  /** Names the answer may use. */
  variables: readonly string[];
  /** All variables of the exercise; names declared but not in `variables` get a "not in this step" message. */
  declared?: readonly string[];
  maxInputLength?: number;
  maxDepth?: number;
  /**
   * Matrix exercises (issue 15): the shapes of the declared names. Turns on the matrix grammar
   * (lexer.ts matrix mode, numpy names, sum/mean/softmax, transposes) and the static shape check
   * (shape.ts); without it the scalar grammar is exactly as before.
   */
  matrix?: MatrixParseInfo;
  /** Display LaTeX of names in a scalar exercise (a variable's `latex`, e.g. yhat → \\hat{y}), for previews. */
  latexNames?: ReadonlyMap<string, string>;
  /** Internal (matrix-context.ts): parse a definition in matrix mode without the shape check, to find what it uses. */
  skipShapeCheck?: boolean;
};

class ParseFail {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

const MAX_SPLIT_PARTS = 12;
/** Constants a run of letters may be split into (after declared variables), longest spelling first. */
const SPLIT_CONSTANTS = ["pi", "e"];
/** Split tiers as [constants allowed, must end in a function]; the first tier with a split decides. */
const TIERS: readonly (readonly [boolean, boolean])[] = [[false, false], [true, false]];
const TIERS_BEFORE_PAREN: readonly (readonly [boolean, boolean])[] = [[false, true], [false, false], [true, true], [true, false]];
/** Longest function spelling (leaky_relu): a longer rest of a name cannot be a function. */
const LONGEST_FUNCTION_NAME = Math.max(...[...FUNCTION_ALIASES.keys()].map((k) => k.length));
type IdentToken = Token & { kind: "ident" };
type BarToken = Token & { kind: "op"; op: "|" };
const isBar = (t: Token | undefined): t is BarToken => t !== undefined && t.kind === "op" && t.op === "|";

/** Name lists are usually the same array object for many parses (a compiled step's): cache their Sets. */
const setCache = new WeakMap<readonly string[], ReadonlySet<string>>();
function setOf(names: readonly string[]): ReadonlySet<string> {
  let s = setCache.get(names);
  if (s === undefined) {
    s = new Set(names);
    setCache.set(names, s);
  }
  return s;
}

/** Length of the longest name, cached per Set (same lifetime as setCache's entries). */
const longestCache = new WeakMap<ReadonlySet<string>, number>();
function longestName(names: ReadonlySet<string>): number {
  let longest = longestCache.get(names);
  if (longest === undefined) {
    longest = 0;
    for (const v of names) longest = Math.max(longest, v.length);
    longestCache.set(names, longest);
  }
  return longest;
}

function describe(t: Token): string {
  switch (t.kind) {
    case "num":
      return "a number";
    case "ident":
      return `'${t.text}'`;
    case "op":
      return `'${t.op}'`;
    case "sup":
      return "a superscript";
    case "transpose":
      return "a transpose";
    case "eof":
      return "the end of the input";
  }
}

function listNames(names: readonly string[]): string {
  return names.length === 0 ? "no variables" : [...names].sort().join(", ");
}

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly vars: ReadonlySet<string>;
  private readonly declared: ReadonlySet<string>;
  private readonly maxDepth: number;
  private readonly maxNameLength: number;
  /** Bars that open an absolute value (all other bars close one); empty when there are no bars. */
  private readonly openingBars: ReadonlySet<Token>;
  /** Matrix mode: nodes that were typed in parentheses, and right operands of "/" that are bare implicit products. */
  // Allocated in matrix mode only: the scalar parse is the hot path of every grade.
  private readonly parenthesised: Set<Expr> | undefined;
  readonly divImplicit: Set<Expr> | undefined;
  private readonly matrix: MatrixParseInfo | undefined;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
  ) {
    this.vars = setOf(options.variables);
    this.declared = options.declared === undefined ? this.vars : setOf(options.declared);
    this.maxDepth = options.maxDepth ?? GRADING_DEFAULTS.maxDepth;
    this.maxNameLength = longestName(this.vars);
    this.matrix = options.matrix;
    if (options.matrix !== undefined) {
      this.parenthesised = new Set();
      this.divImplicit = new Set();
    }
    this.openingBars = tokens.some(isBar) ? this.pairBars() : new Set();
  }

  /**
   * Decide which "|" open and which close an absolute value. A bar may open when the next token can
   * start an operand; it may close when the previous token ends one and a bar is open. All
   * assignments that balance are counted (dynamic programming over bars × depth, capped at 2):
   * exactly one → use it; none → "don't pair up"; more → ambiguous (|a|b|c| is |a|·b·|c| or
   * |a·|b|·c|), located at the first bar that could go either way. Throws ParseFail.
   */
  private pairBars(): Set<Token> {
    const tokens = this.tokens;
    const bars: number[] = [];
    tokens.forEach((t, i) => {
      if (isBar(t)) bars.push(i);
    });
    const nb = bars.length;
    const maxDepth = this.maxDepth;
    const width = maxDepth + 2;
    const memo = new Int8Array((nb + 1) * width * 2).fill(-1);
    const endsOperand = (t: Token | undefined, prevBarCloses: boolean): boolean =>
      t !== undefined && (t.kind === "num" || t.kind === "ident" || t.kind === "sup" || t.kind === "transpose" || (t.kind === "op" && (t.op === ")" || (t.op === "|" && prevBarCloses))));
    const canOpen = (b: number): boolean => {
      const t = tokens[(bars[b] as number) + 1];
      return t !== undefined && (t.kind === "num" || t.kind === "ident" || (t.kind === "op" && (t.op === "(" || t.op === "+" || t.op === "-" || t.op === "|")));
    };
    // options(b, depth, prevCloses): [ways if bar b opens, ways if it closes]
    const count = (b: number, depth: number, prevCloses: boolean): number => {
      if (b === nb) return depth === 0 ? 1 : 0;
      const key = (b * width + depth) * 2 + (prevCloses ? 1 : 0);
      const cached = memo[key] as number;
      if (cached >= 0) return cached;
      const [open, close] = branches(b, depth, prevCloses);
      const total = Math.min(2, open + close);
      memo[key] = total;
      return total;
    };
    const branches = (b: number, depth: number, prevCloses: boolean): [number, number] => {
      const i = bars[b] as number;
      const open = canOpen(b) && depth < maxDepth ? count(b + 1, depth + 1, false) : 0;
      const close = depth > 0 && endsOperand(tokens[i - 1], prevCloses) ? count(b + 1, depth - 1, true) : 0;
      return [open, close];
    };
    const total = count(0, 0, false);
    const first = tokens[bars[0] as number] as Token;
    const last = tokens[bars[nb - 1] as number] as Token;
    if (total === 0) {
      throw this.syntax("the '|' bars don't pair up: each |…| needs an opening and a closing bar (or write abs(…))", nb % 2 === 1 ? last.start : first.start, last.end);
    }
    const openers = new Set<Token>();
    let depth = 0;
    let prevCloses = false;
    for (let b = 0; b < nb; b++) {
      const [open, close] = branches(b, depth, prevCloses);
      const bar = tokens[bars[b] as number] as Token;
      if (open > 0 && close > 0) {
        throw this.syntax("it is not clear which '|' bars belong together: write abs(…) for each absolute value, e.g. abs(a)*b*abs(c)", bar.start, bar.end);
      }
      if (open > 0) {
        openers.add(bar);
        depth++;
        prevCloses = false;
      } else {
        depth--;
        prevCloses = true;
      }
    }
    return openers;
  }

  /** The current token; pos never passes the final "eof" token. */
  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    const t = this.tokens[this.pos] as Token;
    if (t.kind !== "eof") this.pos++;
    return t;
  }

  private isOp(t: Token, op: string): boolean {
    return t.kind === "op" && t.op === op;
  }

  // The preview highlights [start, end); the position in words also serves the CLI and screen readers.
  private syntax(message: string, start: number, end: number): ParseFail {
    return new ParseFail(`${message} (at character ${start + 1})`, start, end);
  }

  private enter(at: Token): void {
    if (++this.depth > this.maxDepth) {
      throw new ParseFail(
        `the expression is nested too deeply (the limit is ${this.maxDepth} levels of parentheses, signs and powers)`,
        at.start,
        at.end,
      );
    }
  }

  parseTop(): Expr {
    const e = this.parseSum();
    const t = this.peek();
    if (t.kind !== "eof") {
      if (this.isOp(t, ")")) throw this.syntax("this ')' has no matching '('", t.start, t.end);
      if (this.isOp(t, ",")) throw this.syntax("',' only separates function arguments, as in max(a, y)", t.start, t.end);
      if (this.isOp(t, "=")) throw this.syntax("'=' is only for keyword arguments such as axis=0: type only the expression itself", t.start, t.end);
      throw this.syntax(`unexpected ${describe(t)}`, t.start, t.end);
    }
    return e;
  }

  private bin(op: BinaryOp, left: Expr, right: Expr): Expr {
    return { type: "binary", op, left, right, start: left.start, end: right.end };
  }

  private implicitTimes(left: Expr, right: Expr): Expr {
    return { type: "binary", op: "*", left, right, start: left.start, end: right.end, implicit: true };
  }

  private parseSum(): Expr {
    let left = this.parseProduct();
    for (;;) {
      const t = this.peek();
      if (t.kind === "op" && (t.op === "+" || t.op === "-")) {
        this.next();
        left = this.bin(t.op, left, this.parseProduct());
      } else return left;
    }
  }

  private parseProduct(): Expr {
    let left = this.parseSigned();
    for (;;) {
      const t = this.peek();
      if (t.kind === "op" && (t.op === "*" || t.op === "/" || t.op === "@")) {
        this.next();
        const right = this.parseSigned();
        // 1/m X dZ^T: the shape check refuses it when the implicit product holds a non-scalar.
        if (this.divImplicit !== undefined && t.op === "/" && right.type === "binary" && right.implicit === true && this.parenthesised?.has(right) !== true) this.divImplicit.add(right);
        left = this.bin(t.op, left, right);
      } else return left;
    }
  }

  private parseSigned(): Expr {
    const t = this.peek();
    if (t.kind === "op" && (t.op === "-" || t.op === "+")) {
      this.next();
      this.enter(t);
      const arg = this.parseSigned();
      this.depth--;
      if (t.op === "-") return { type: "neg", arg, start: t.start, end: arg.end };
      arg.start = t.start; // fresh node of this parse: re-span in place
      return arg;
    }
    return this.parseImplicit();
  }

  private startsPrimary(t: Token): boolean {
    return t.kind === "num" || t.kind === "ident" || (t.kind === "op" && (t.op === "(" || (t.op === "|" && this.openingBars.has(t))));
  }

  private parseImplicit(): Expr {
    let left = this.parsePower();
    while (this.startsPrimary(this.peek())) {
      left = this.implicitTimes(left, this.parsePower());
    }
    return left;
  }

  private parsePower(): Expr {
    const base = this.parsePostfix();
    const t = this.peek();
    if (this.isOp(t, "^")) {
      this.next();
      this.enter(t);
      const exponent = this.parseExponent();
      this.depth--;
      return this.bin("^", base, exponent);
    }
    return base;
  }

  private parseExponent(): Expr {
    const t = this.peek();
    if (t.kind === "op" && (t.op === "-" || t.op === "+")) {
      this.next();
      this.enter(t);
      const arg = this.parseExponent();
      this.depth--;
      if (t.op === "-") return { type: "neg", arg, start: t.start, end: arg.end };
      arg.start = t.start; // fresh node of this parse: re-span in place
      return arg;
    }
    return this.parsePower();
  }

  private parsePostfix(): Expr {
    let e = this.parsePrimary();
    for (;;) {
      const t = this.peek();
      if (t.kind === "transpose") {
        this.next();
        e = { type: "call", name: "transpose", args: [e], start: e.start, end: t.end };
        continue;
      }
      if (t.kind !== "sup") return e;
      this.next();
      const num: Expr = { type: "number", value: t.value, start: t.negative ? t.start + 1 : t.start, end: t.end };
      const exponent: Expr = t.negative ? { type: "neg", arg: num, start: t.start, end: t.end } : num;
      e = { type: "binary", op: "^", left: e, right: exponent, start: e.start, end: t.end };
    }
  }

  private expectedPrimary(t: Token): ParseFail {
    const what = "a number, variable or '('";
    const prev = this.pos > 0 ? this.tokens[this.pos - 1] : undefined;
    const prefix = prev === undefined ? `at the start I expected ${what}` : `after ${describe(prev)} I expected ${what}`;
    if (t.kind === "eof") return this.syntax(`${prefix} but the input ends there`, prev?.start ?? t.start, t.end);
    if (t.kind === "sup") return this.syntax(`${prefix} but found a superscript`, t.start, t.end);
    if (t.kind === "transpose") return this.syntax(`${prefix} but found a transpose: put it right after what it transposes, as in X^T or (A - Y).T`, t.start, t.end);
    if (this.isOp(t, ")") && prev !== undefined && prev.kind === "op" && prev.op === "(")
      return this.syntax("empty parentheses '()'", prev.start, t.end);
    return this.syntax(`${prefix} but found ${describe(t)}`, t.start, t.end);
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    if (t.kind === "num") {
      this.next();
      return { type: "number", value: t.value, start: t.start, end: t.end };
    }
    if (t.kind === "ident") {
      this.next();
      return this.parseName(t);
    }
    if (this.isOp(t, "(")) {
      this.next();
      this.enter(t);
      if (this.isOp(this.peek(), ")")) throw this.syntax("empty parentheses '()'", t.start, this.peek().end);
      const inner = this.parseSum();
      const close = this.peek();
      if (!this.isOp(close, ")")) {
        if (close.kind === "eof") throw this.syntax("this '(' is never closed: add a ')'", t.start, t.end);
        throw this.syntax(`expected ')' to close the '(' but found ${describe(close)}`, close.start, close.end);
      }
      this.next();
      this.depth--;
      // inner was created by this parse and nothing else refers to it: widen its span in place
      // (same keys and values as a copy with the new span).
      inner.start = t.start;
      inner.end = close.end;
      this.parenthesised?.add(inner);
      return inner;
    }
    if (isBar(t) && this.openingBars.has(t)) {
      this.next();
      this.enter(t);
      const inner = this.parseSum();
      const close = this.peek();
      if (!isBar(close) || this.openingBars.has(close)) {
        throw this.syntax(`expected '|' to close the '|' at character ${t.start + 1} but found ${describe(close)}`, close.start, close.end);
      }
      this.next();
      this.depth--;
      return { type: "call", name: "abs", args: [inner], start: t.start, end: close.end };
    }
    throw this.expectedPrimary(t);
  }

  private allowedText(): string {
    const consts = [...CONSTANTS.keys()].filter((k) => !this.vars.has(k) && k !== "π");
    return `you can use ${listNames([...this.vars])}${consts.length > 0 ? ` and the constants ${consts.join(", ")}` : ""}`;
  }

  private parseName(t: Token & { kind: "ident" }): Expr {
    const name = t.text;
    const nextIsParen = this.isOp(this.peek(), "(");
    if (this.vars.has(name)) return { type: "variable", name, start: t.start, end: t.end };
    if (this.matrix !== undefined) {
      const m = this.parseMatrixName(t, nextIsParen);
      if (m !== null) return m;
    } else if (name === "ŷ") {
      // Scalar exercises too (issue 17 item 9): ŷ is the display name of y_hat / yhat / yHat.
      const found = YHAT_NAMES.find((c) => this.vars.has(c));
      if (found !== undefined) return { type: "variable", name: found, start: t.start, end: t.end };
      const declared = YHAT_NAMES.find((c) => this.declared.has(c));
      if (declared !== undefined) throw new ParseFail(`ŷ can't be used in this step: ${this.allowedText()}`, t.start, t.end);
      throw new ParseFail(`unknown variable ŷ: ${this.allowedText()}`, t.start, t.end);
    }
    const fn = FUNCTION_ALIASES.get(name);
    if (fn !== undefined) {
      if (!nextIsParen)
        throw this.syntax(`the function ${name} needs parentheses around its argument, as in ${name}(z)`, t.start, t.end);
      return this.parseCall(fn, t.start, t.end);
    }
    const constant = CONSTANTS.get(name);
    if (constant !== undefined) return { type: "constant", name: constant.name, start: t.start, end: t.end };
    if (this.declared.has(name)) {
      throw new ParseFail(`${name} can't be used in this step: ${this.allowedText()}`, t.start, t.end);
    }
    const split = this.split(name, nextIsParen);
    if (split !== null && split.length === 1) {
      // Replace the name by one token per part and go on parsing as if the student had typed them
      // with spaces: the grammar then binds a power, superscript or call to the last part only
      // (wx^2 = w·x^2) and an exponent to the first part only (x^yz = x^y·z). The current token
      // (pos − 1, already consumed) becomes the first part.
      const parts = split[0] as string[];
      const partTokens: IdentToken[] = [];
      let offset = t.start;
      for (const part of parts) {
        partTokens.push({ kind: "ident", text: part, start: offset, end: offset + part.length });
        offset += part.length;
      }
      this.tokens.splice(this.pos - 1, 1, ...partTokens);
      return this.parseName(partTokens[0] as IdentToken);
    }
    if (split !== null) {
      const [one, other] = split as [string[], string[]];
      throw new ParseFail(
        `${name} can be read in more than one way (${one.join("·")} or ${other.join("·")}): write * between the factors you mean, e.g. ${one.join("*")}`,
        t.start,
        t.end,
      );
    }
    if (nextIsParen) {
      throw new ParseFail(`unknown function ${name}: the functions you can use are ${FUNCTION_LIST_TEXT}`, t.start, t.end);
    }
    const hint = name.length > 1 ? " (for a product, write * between the factors, as in a*y)" : "";
    throw new ParseFail(`unknown variable ${name}: ${this.allowedText()}${hint}`, t.start, t.end);
  }

  /**
   * Splits of a run of letters, by tiers: declared variables only (before "(": ending in a function
   * first, ylog(a)), then declared variables and the constants e, pi (2pir, xe^x). The first tier with
   * any split decides: one split → [parts]; several → two of them (the caller refuses the name as
   * ambiguous); none in any tier → null. Each tier is a dynamic program over positions (O(length ×
   * longest name)), so a 500-letter run is cheap.
   */
  private split(name: string, nextIsParen: boolean): string[][] | null {
    if (name.length > MAX_SPLIT_PARTS * Math.max(this.maxNameLength, 2) + 8) return null;
    // Fast path (most answers: single-letter variables, ay, yaz): a run of declared one-letter
    // variables not followed by "(" has exactly one split into variables, the letters themselves.
    if (!nextIsParen && this.maxNameLength === 1) {
      let all = true;
      for (let i = 0; i < name.length && all; i++) all = this.vars.has(name.charAt(i));
      if (all) return name.length > MAX_SPLIT_PARTS ? null : [name.split("")];
    }
    const tiers = nextIsParen ? TIERS_BEFORE_PAREN : TIERS;
    // The constant tiers can only differ from the variable ones if a constant's spelling occurs.
    const hasConstant = SPLIT_CONSTANTS.some((c) => name.includes(c));
    for (const [constants, fnEnd] of tiers) {
      if (constants && !hasConstant) break;
      const found = this.splitsOf(name, constants, fnEnd);
      if (found.length === 1 && (found[0] as string[]).length > MAX_SPLIT_PARTS) return null;
      if (found.length > 0) return found;
    }
    return null;
  }

  /** Is name[i..] a function spelling (and not a variable), so it may end a split before "("? */
  private functionRest(name: string, i: number): boolean {
    if (i === 0 || name.length - i > LONGEST_FUNCTION_NAME) return false;
    const rest = name.slice(i);
    return FUNCTION_ALIASES.has(rest) && !this.vars.has(rest);
  }

  /**
   * Up to two splits of name (at least 2 parts) in one tier. ways[i] counts (capped at 2) the splits
   * of name[i..] from the end; then at most two are read off from the start. Plain loops, no closures:
   * this runs for every unknown name, so it is on the path of invalid answers too.
   */
  private splitsOf(name: string, constants: boolean, fnEnd: boolean): string[][] {
    const n = name.length;
    const ways = new Int8Array(n + 1);
    ways[n] = fnEnd ? 0 : 1;
    const maxLen = this.maxNameLength;
    for (let i = n - 1; i >= 0; i--) {
      let w = fnEnd && this.functionRest(name, i) ? 1 : 0;
      const maxJ = Math.min(n, i + maxLen);
      for (let j = i + 1; j <= maxJ && w < 2; j++) {
        if ((ways[j] as number) > 0 && this.vars.has(name.slice(i, j))) w += ways[j] as number;
      }
      if (constants) {
        for (const c of SPLIT_CONSTANTS) {
          const j = i + c.length;
          if (j <= n && (ways[j] as number) > 0 && name.startsWith(c, i) && !this.vars.has(c)) w += ways[j] as number;
        }
      }
      ways[i] = Math.min(2, w);
    }
    const out: string[][] = [];
    if (ways[0] === 0) return out;
    // Read off splits depth-first, in the order: function ending, longest variable first, constants.
    const walk = (i: number, acc: string[]): void => {
      if (fnEnd && this.functionRest(name, i)) out.push([...acc, name.slice(i)]);
      const maxJ = Math.min(n, i + maxLen);
      for (let j = maxJ; j > i && out.length < 2; j--) {
        const part = name.slice(i, j);
        if ((ways[j] as number) > 0 && this.vars.has(part)) {
          if (j === n) out.push([...acc, part]);
          else walk(j, [...acc, part]);
        }
      }
      if (constants) {
        for (const c of SPLIT_CONSTANTS) {
          const j = i + c.length;
          if (out.length < 2 && j <= n && (ways[j] as number) > 0 && name.startsWith(c, i) && !this.vars.has(c)) {
            if (j === n) out.push([...acc, c]);
            else walk(j, [...acc, c]);
          }
        }
      }
    };
    walk(0, []);
    return out.length > 2 ? out.slice(0, 2) : out.filter((parts) => parts.length > 1);
  }

  /**
   * Matrix-mode names (issue 15): ŷ (y_hat), W^[1] (W1), np.* (whitelisted, NUMPY_NAMES), sum,
   * mean, softmax, transpose. Returns null for any other name (the scalar rules go on).
   */
  private parseMatrixName(t: IdentToken, nextIsParen: boolean): Expr | null {
    const name = t.text;
    const candidates = name === "ŷ" ? [...YHAT_NAMES] : name.includes("^[") ? [name.replace(/\^\[(\d+)\]$/, "$1"), name.replace(/\^\[(\d+)\]$/, "_$1")] : [];
    if (candidates.length > 0) {
      const found = candidates.find((c) => this.vars.has(c));
      if (found !== undefined) return { type: "variable", name: found, start: t.start, end: t.end };
      const declared = candidates.find((c) => this.declared.has(c));
      if (declared !== undefined) throw new ParseFail(`${name} can't be used in this step: ${this.allowedText()}`, t.start, t.end);
      throw new ParseFail(`unknown variable ${name}: ${this.allowedText()}`, t.start, t.end);
    }
    const np = name.startsWith("np.") ? name.slice(3) : null;
    if (np !== null) {
      const spec = NUMPY_NAMES.get(np);
      if (spec === undefined) throw new ParseFail(`np.${np} is not available: you can use ${NUMPY_LIST_TEXT}`, t.start, t.end);
      if (!nextIsParen) throw this.syntax(`${name} needs parentheses around its arguments, as in ${name}(Z)`, t.start, t.end);
      if (spec.kind === "reduce") return this.parseReduction(spec.fn as string, true, t);
      const args = this.parseArgs(name, true);
      const want = spec.kind === "matmul" || spec.kind === "multiply" || spec.kind === "power" ? 2 : spec.kind === "fn" ? (spec.args as number) : 1;
      if (args.args.length !== want) throw new ParseFail(`${name} takes ${want} argument${want === 1 ? "" : "s"} but got ${args.args.length}`, t.start, args.end);
      const [a, b] = args.args as [Expr, Expr];
      const span = { start: t.start, end: args.end };
      switch (spec.kind) {
        case "matmul":
          return { type: "binary", op: "@", left: a, right: b, ...span };
        case "multiply":
          return { type: "binary", op: "*", left: a, right: b, ...span };
        case "power":
          return { type: "binary", op: "^", left: a, right: b, ...span };
        case "square":
          return { type: "binary", op: "^", left: a, right: { type: "number", value: 2, start: args.end, end: args.end }, ...span };
        case "transpose":
          return { type: "call", name: "transpose", args: [a], ...span };
        default:
          return { type: "call", name: spec.fn as string, args: args.args, ...span };
      }
    }
    if (!MATRIX_CALLS.has(name) || name.startsWith("np")) return null;
    if (!nextIsParen) throw this.syntax(`the function ${name} needs parentheses around its argument, as in ${name}(Z)`, t.start, t.end);
    if (name === "sum" || name === "mean") return this.parseReduction(name, false, t);
    const args = this.parseArgs(name, true);
    if (args.args.length !== 1) throw new ParseFail(`${name} takes 1 argument but got ${args.args.length}`, t.start, args.end);
    return { type: "call", name, args: args.args, start: t.start, end: args.end };
  }

  /**
   * "(" sum ("," sum)* ")" after a function name; returns the arguments and the end offset. Matrix
   * mode (`keywordHint`) explains a stray "=" (numpy's keyword arguments are parsed elsewhere).
   */
  private parseArgs(fn: string, keywordHint: boolean): { args: Expr[]; end: number } {
    const open = this.next();
    this.enter(open);
    const args: Expr[] = [];
    if (!this.isOp(this.peek(), ")")) {
      args.push(this.parseSum());
      while (this.isOp(this.peek(), ",")) {
        this.next();
        args.push(this.parseSum());
      }
    }
    const close = this.peek();
    if (!this.isOp(close, ")")) {
      if (close.kind === "eof") throw this.syntax(`the '(' after ${fn} is never closed: add a ')'`, open.start, open.end);
      if (keywordHint && this.isOp(close, "=")) throw this.syntax(`${fn} has no keyword arguments`, close.start, close.end);
      throw this.syntax(`expected ')' or ',' in the call to ${fn} but found ${describe(close)}`, close.start, close.end);
    }
    this.next();
    this.depth--;
    return { args, end: close.end };
  }

  /**
   * sum(M), sum(M, axis=0), mean(M, 1), np.sum(M, axis=1, keepdims=True). Our sum/mean keep the
   * summed dimension (sum(M, axis=1) of n×m is n×1); np.sum/np.mean follow numpy: without
   * keepdims=True an axis sum is 1-D ("npsum"/"npmean", behaving as a row). Without an axis: a scalar.
   * Node: call fn [M] or [M, axis as a number node] (the shape check validates and normalises the axis).
   */
  private parseReduction(fn: string, numpy: boolean, t: IdentToken): Expr {
    const shown = numpy ? `np.${fn}` : fn;
    const open = this.next();
    this.enter(open);
    if (this.isOp(this.peek(), ")")) throw this.syntax(`${shown} needs the matrix to reduce, as in ${shown}(dZ, axis=1${numpy ? ", keepdims=True" : ""})`, open.start, this.peek().end);
    const arg = this.parseSum();
    let axis: Expr | null = null;
    let keepdims = !numpy;
    while (this.isOp(this.peek(), ",")) {
      this.next();
      const k = this.peek();
      if (k.kind === "ident" && (k.text === "axis" || k.text === "keepdims") && this.isOp(this.tokens[this.pos + 1] as Token, "=")) {
        this.next();
        this.next();
        if (k.text === "axis") {
          if (axis !== null) throw this.syntax("the axis is given twice", k.start, k.end);
          axis = this.parseAxis(shown);
        }
        else {
          const v = this.next();
          if (v.kind !== "ident" || (v.text !== "True" && v.text !== "False")) throw this.syntax("keepdims must be True or False", v.start, v.end);
          if (!numpy && v.text === "False") throw this.syntax(`${fn}(…, axis=…) always keeps the dimensions; for numpy's 1-D result write np.${fn}`, v.start, v.end);
          keepdims = v.text === "True";
        }
      } else if (k.kind === "num" || this.isOp(k, "-")) {
        if (axis !== null) throw this.syntax("the axis is given twice", k.start, k.end);
        axis = this.parseAxis(shown);
      } else if (k.kind === "ident" && this.isOp(this.tokens[this.pos + 1] as Token, "=")) {
        throw this.syntax(`${shown} takes only axis= and keepdims=`, k.start, k.end);
      } else throw this.syntax(`expected axis=0 or axis=1 in ${shown}(…) but found ${describe(k)}`, k.start, k.end);
    }
    const close = this.peek();
    if (!this.isOp(close, ")")) {
      if (close.kind === "eof") throw this.syntax(`the '(' after ${shown} is never closed: add a ')'`, open.start, open.end);
      throw this.syntax(`expected ')' or ',' in the call to ${shown} but found ${describe(close)}`, close.start, close.end);
    }
    this.next();
    this.depth--;
    const name = axis === null || keepdims ? fn : `np${fn}`;
    return { type: "call", name, args: axis === null ? [arg] : [arg, axis], start: t.start, end: close.end };
  }

  private parseAxis(fn: string): Expr {
    const first = this.next();
    let sign = 1;
    let num = first;
    if (this.isOp(first, "-")) {
      sign = -1;
      num = this.next();
    }
    if (num.kind !== "num" || !Number.isInteger(num.value)) throw this.syntax(`the axis of ${fn} must be 0 or 1`, first.start, num.end);
    return { type: "number", value: sign * num.value, start: first.start, end: num.end };
  }

  private parseCall(fn: string, nameStart: number, nameEnd: number): Expr {
    const spec = FUNCTIONS.get(fn);
    if (spec === undefined) throw new ParseFail(`internal: unknown function ${fn}`, nameStart, nameEnd);
    const { args, end } = this.parseArgs(fn, false);
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const wanted =
        spec.minArgs === spec.maxArgs
          ? `${spec.minArgs} argument${spec.minArgs === 1 ? "" : "s"}`
          : `${spec.minArgs} to ${spec.maxArgs} arguments`;
      throw new ParseFail(`${fn} takes ${wanted} but got ${args.length}`, nameStart, end);
    }
    return { type: "call", name: fn, args, start: nameStart, end };
  }
}

/** `shapes` (matrix exercises): the checked shape of every node, for the matrix evaluator. */
export type ParseTreeResult = { ok: true; expr: Expr; shapes?: Map<Expr, Shape> } | { ok: false; error: ParseError };

/** Parse without printing (the hot path). */
export function parseTree(text: string, options: ParseOptions): ParseTreeResult {
  const maxLen = options.maxInputLength ?? GRADING_DEFAULTS.maxInputLength;
  if (typeof text !== "string") return { ok: false, error: { message: "the answer must be text", start: 0, end: 0 } };
  if (text.length > maxLen) {
    return {
      ok: false,
      error: { message: `the answer is too long: ${text.length} characters, the limit is ${maxLen}`, start: maxLen, end: text.length },
    };
  }
  // A printable ASCII character other than a space first means the text is not blank.
  const c0 = text.charCodeAt(0);
  if (!(c0 > 32 && c0 < 127) && (text.trim().length === 0 || /^[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]*$/.test(text))) {
    return { ok: false, error: { message: "type an expression", start: 0, end: text.length } };
  }
  try {
    const matrix = options.matrix;
    if (matrix === undefined) {
      const tokens = tokenize(text);
      const expr = new Parser(text, tokens, options).parseTop();
      return { ok: true, expr };
    }
    const declared = options.declared ?? options.variables;
    const tokens = tokenize(text, { matrix: { transposeT: !declared.includes("T") } });
    const parser = new Parser(text, tokens, options);
    const expr = parser.parseTop();
    if (options.skipShapeCheck === true) return { ok: true, expr };
    const shapes = checkShapes(expr, matrix, text, parser.divImplicit);
    return { ok: true, expr, shapes };
  } catch (err) {
    if (err instanceof ShapeFail) return { ok: false, error: { message: err.message, start: err.start, end: err.end, kind: "shape" } };
    if (err instanceof ParseFail || err instanceof LexError) {
      return { ok: false, error: { message: err.message, start: err.start, end: err.end } };
    }
    throw err;
  }
}

/** The shape of a checked matrix answer in words ("n×1", "a scalar"), for the preview. */
export function shapeWords(s: Shape): string {
  return isScalar(s) ? "scalar" : shapeText(s);
}
