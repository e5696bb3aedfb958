import type { PALETTE_FUNCTIONS } from "@/lib/exercises/definition";

export type PaletteFunction = (typeof PALETTE_FUNCTIONS)[number];

/**
 * The function buttons of an exercise's symbol palette (issue 17 item 7): the functions its
 * statement or variable descriptions mention — what the student reads, never the answer key. Pure.
 */
export function paletteFor(statement: string, definitions: readonly string[]): PaletteFunction[] {
  const text = [statement, ...definitions].join("\n");
  const uses: [PaletteFunction, RegExp][] = [
    ["sigma", /sigma|σ|\\sigma/],
    ["tanh", /tanh/],
    // Whole words: "expression" or "biology" must not bring exp or log.
    ["exp", /\bexp\b|e\^/],
    ["log", /\blog\b|\bln\b/],
  ];
  return uses.filter(([, re]) => re.test(text)).map(([name]) => name);
}
