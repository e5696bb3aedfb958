/**
 * The function buttons of an exercise's symbol palette (issue 17 item 7): the functions its
 * statement or variable descriptions mention — what the student reads, never the answer key. Pure.
 */
export function paletteFor(statement: string, definitions: readonly string[]): string[] {
  const text = [statement, ...definitions].join("\n");
  const uses: [string, RegExp][] = [
    ["sigma", /sigma|σ|\\sigma/],
    ["tanh", /tanh/],
    ["exp", /exp|e\^/],
    ["log", /log|\bln\b/],
  ];
  return uses.filter(([, re]) => re.test(text)).map(([name]) => name);
}
