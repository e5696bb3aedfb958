import { describe, expect, it } from "vitest";
import { displayNamesFor, gradeAnswer, parseExpression, parseOptionsFor, parseOptionsFromNames } from "./index";
import type { Variable } from "./types";

/** Issue 17 item 9: a scalar variable may have a display name (yhat shown as ŷ); students may type ŷ. */
const VARIABLES: Variable[] = [
  { name: "yhat", range: [0.1, 0.9], latex: "\\hat{y}" },
  { name: "y", range: [0, 1] },
];

describe("display names in scalar exercises", () => {
  it("reads ŷ (precomposed, or y + combining circumflex) as yhat, and previews yhat as \\hat{y}", () => {
    const options = parseOptionsFor(VARIABLES);
    for (const typed of ["ŷ - y", "y\u0302 - y", "yhat - y"]) {
      const r = parseExpression(typed, options);
      expect(r.ok && r.canonical).toBe("yhat - y");
      expect(r.ok && r.latex).toBe("\\hat{y} - y");
    }
  });

  it("the browser's options (names only) read and print the same", () => {
    const browser = parseOptionsFromNames(["yhat", "y"], null, undefined, displayNamesFor(VARIABLES));
    const r = parseExpression("(ŷ - y)^2", browser);
    expect(r.ok && r.latex).toContain("\\hat{y}");
    expect(r.ok && r.canonical).toBe("(yhat - y)^2");
  });

  it("grades ŷ as the variable it names", () => {
    const key = { expected: "2(yhat - y)", mistakes: [] };
    expect(gradeAnswer("2ŷ - 2y", key, VARIABLES).verdict).toBe("correct");
    expect(gradeAnswer("ŷ - y", key, VARIABLES).verdict).toBe("incorrect");
  });

  it("ŷ where the exercise has no yhat is an invalid answer with a located message, not a wrong one", () => {
    const r = parseExpression("ŷ + 1", { variables: ["a", "y"] });
    expect(r).toMatchObject({ ok: false, error: { start: 0, end: 1 } });
    expect(!r.ok && r.error.message).toMatch(/unknown variable ŷ/);
    const notHere = parseExpression("ŷ", { variables: ["y"], declared: ["y", "yhat"] });
    expect(!notHere.ok && notHere.error.message).toMatch(/ŷ can't be used in this step/);
  });
});
