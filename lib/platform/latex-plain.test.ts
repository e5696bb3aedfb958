import { describe, expect, it } from "vitest";
import { latexToPlainText } from "./latex-plain";

describe("latexToPlainText", () => {
  it("reads step titles as plain text for accessible names", () => {
    expect(latexToPlainText("\\frac{dL}{da}")).toBe("dL/da");
    expect(latexToPlainText("\\frac{d}{dx}\\tanh(x)")).toBe("d/dx tanh(x)");
    expect(latexToPlainText("\\frac{\\partial L}{\\partial w_1}")).toBe("∂L/∂w_1");
    expect(latexToPlainText("\\sigma'(z)")).toBe("σ'(z)");
    expect(latexToPlainText("")).toBe("");
  });
});
