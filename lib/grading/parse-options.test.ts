import { describe, expect, it } from "vitest";
import { matrixNamesFor, parseExpression, parseOptionsFor, parseOptionsFromNames } from "./parse";
import type { Variable } from "./types";

const variables: Variable[] = [
  { name: "n", integer: [2, 4] },
  { name: "m", integer: [3, 6] },
  { name: "X", shape: ["n", "m"], range: [-2, 2] },
  { name: "w", shape: ["n", 1], range: [-1, 1], latex: "\\mathbf{w}" },
  { name: "b", range: [-1, 1] },
  { name: "Y", shape: [1, "m"], values: [0, 1] },
  { name: "A", definition: "sigma(w^T X + b)" },
];
const names = variables.map((v) => v.name);

describe("parse options rebuilt in the browser (matrixNamesFor → JSON → parseOptionsFromNames)", () => {
  const sent = JSON.parse(JSON.stringify(matrixNamesFor(variables)));

  it.each(["(1/m) X (A - Y)^T", "X (A - Y)", "w^T X + b", "1/m X (A - Y)^T", "A * Y", "sum(A - Y, axis=1)", "w + q"])("reads %s exactly as parseOptionsFor does", (text) => {
    const allowed = ["X", "A", "Y", "m", "w", "b"];
    const server = parseExpression(text, parseOptionsFor(variables, allowed));
    const browser = parseExpression(text, parseOptionsFromNames(names, sent, allowed));
    expect(browser.ok ? { latex: browser.latex, shape: browser.shape } : browser.error).toEqual(server.ok ? { latex: server.latex, shape: server.shape } : server.error);
  });

  it("carries the shapes (a definition's inferred) and display LaTeX, and nothing of a definition's text", () => {
    expect(sent.shapes).toContainEqual(["A", { r: 1, c: "m" }]);
    expect(sent.latexNames).toContainEqual(["w", "\\mathbf{w}"]);
    expect(JSON.stringify(sent)).not.toContain("sigma");
    const p = parseExpression("X (A - Y)^T", parseOptionsFromNames(names, sent));
    expect(p.ok && p.shape).toBe("n×1");
  });

  it("is null for a scalar exercise, whose options are names only", () => {
    const scalar: Variable[] = [{ name: "a", range: [0, 1] }];
    expect(matrixNamesFor(scalar)).toBeNull();
    expect(parseOptionsFromNames(["a"], null, ["a"])).toEqual(parseOptionsFor(scalar, ["a"]));
  });

  it("braces a display name with a superscript under a power (A^{[1]}^{2} would not render)", () => {
    const layer: Variable[] = [...variables, { name: "A1", shape: ["n", "m"], range: [-1, 1], latex: "A^{[1]}" }];
    const p = parseExpression("1 - A1^2", parseOptionsFor(layer));
    expect(p.ok && p.latex).toContain("1 - {A^{[1]}}^{2}");
  });
});
