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
 *   primary  := number | name | name "(" sum ("," sum)* ")" | "(" sum ")"
 *
 * Implicit multiplication binds tighter than "*" and "/": a/2b is a/(2b), and (a-y)/a(1-a) is
 * (a-y)/(a(1-a)). The preview shows the interpretation.
 *
 * Names: a declared variable wins over everything (a variable named e shadows the constant e; a
 * variable followed by "(" is a product). Then whitelisted functions (need parentheses), then the
 * constants e and pi/π, then a split of the name into declared variables (ay → a·y, ylog(a) → y·log(a)).
 */
import type { BinaryOp, Expr } from "./ast";
import { GRADING_DEFAULTS } from "./defaults";
import { CONSTANTS, FUNCTIONS, FUNCTION_ALIASES, FUNCTION_LIST_TEXT } from "./functions";
import { LexError, tokenize, type Token } from "./lexer";

export type ParseError = { message: string; start: number; end: number };

export type ParseOptions = {
  /** Names the answer may use. */
  variables: readonly string[];
  /** All variables of the exercise; names declared but not in `variables` get a "not in this step" message. */
  declared?: readonly string[];
  maxInputLength?: number;
  maxDepth?: number;
};

class ParseFail {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

const MAX_SPLIT_PARTS = 12;

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

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
  ) {
    this.vars = setOf(options.variables);
    this.declared = options.declared === undefined ? this.vars : setOf(options.declared);
    this.maxDepth = options.maxDepth ?? GRADING_DEFAULTS.maxDepth;
    this.maxNameLength = longestName(this.vars);
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
      if (t.kind === "op" && (t.op === "*" || t.op === "/")) {
        this.next();
        left = this.bin(t.op, left, this.parseSigned());
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
    return t.kind === "num" || t.kind === "ident" || (t.kind === "op" && t.op === "(");
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
      return inner;
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
    const parts = this.split(name, nextIsParen);
    if (parts !== null) {
      let offset = t.start;
      let result: Expr | null = null;
      for (const part of parts) {
        const start = offset;
        offset += part.length;
        let node: Expr;
        if (this.vars.has(part)) node = { type: "variable", name: part, start, end: offset };
        else {
          const f = FUNCTION_ALIASES.get(part);
          if (f === undefined) throw new ParseFail(`internal: bad split of ${name}`, t.start, t.end);
          node = this.parseCall(f, start, offset);
        }
        result = result === null ? node : this.implicitTimes(result, node);
      }
      if (result !== null) return result;
    }
    if (nextIsParen) {
      throw new ParseFail(`unknown function ${name}: the functions you can use are ${FUNCTION_LIST_TEXT}`, t.start, t.end);
    }
    throw new ParseFail(`unknown variable ${name}: ${this.allowedText()}`, t.start, t.end);
  }

  /** Split a name into declared variables (and, before "(", a final function name): ay → a·y. */
  private split(name: string, nextIsParen: boolean): string[] | null {
    if (name.length > MAX_SPLIT_PARTS * (this.maxNameLength + 8)) return null;
    const parts = this.splitFrom(name, 0, 0, nextIsParen, new Map());
    return parts !== null && parts.length > 1 ? parts : null;
  }

  private splitFrom(name: string, i: number, count: number, nextIsParen: boolean, memo: Map<number, string[] | null>): string[] | null {
    if (i === name.length) return [];
    if (count >= MAX_SPLIT_PARTS) return null;
    const cached = memo.get(i);
    if (cached !== undefined) return cached;
    let found: string[] | null = null;
    for (let j = name.length; j > i && found === null; j--) {
      if (j - i > this.maxNameLength && j !== name.length) j = i + this.maxNameLength;
      const part = name.slice(i, j);
      if (this.vars.has(part)) {
        const rest = this.splitFrom(name, j, count + 1, nextIsParen, memo);
        if (rest !== null) found = [part, ...rest];
      } else if (j === name.length && nextIsParen && i > 0 && FUNCTION_ALIASES.has(part)) {
        found = [part];
      }
    }
    memo.set(i, found);
    return found;
  }

  private parseCall(fn: string, nameStart: number, nameEnd: number): Expr {
    const spec = FUNCTIONS.get(fn);
    const open = this.next(); // "("
    this.enter(open);
    if (spec === undefined) throw new ParseFail(`internal: unknown function ${fn}`, nameStart, nameEnd);
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
      throw this.syntax(`expected ')' or ',' in the call to ${fn} but found ${describe(close)}`, close.start, close.end);
    }
    this.next();
    this.depth--;
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const wanted =
        spec.minArgs === spec.maxArgs
          ? `${spec.minArgs} argument${spec.minArgs === 1 ? "" : "s"}`
          : `${spec.minArgs} to ${spec.maxArgs} arguments`;
      throw new ParseFail(`${fn} takes ${wanted} but got ${args.length}`, nameStart, close.end);
    }
    return { type: "call", name: fn, args, start: nameStart, end: close.end };
  }
}

export type ParseTreeResult = { ok: true; expr: Expr } | { ok: false; error: ParseError };

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
    const tokens = tokenize(text);
    const expr = new Parser(text, tokens, options).parseTop();
    return { ok: true, expr };
  } catch (err) {
    if (err instanceof ParseFail || err instanceof LexError) {
      return { ok: false, error: { message: err.message, start: err.start, end: err.end } };
    }
    throw err;
  }
}
