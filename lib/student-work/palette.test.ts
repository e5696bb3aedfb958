import { describe, expect, it } from "vitest";
import { paletteFor } from "./palette";
import { logisticRegressionGradient } from "@/prisma/fixtures/logistic-regression-gradient";
import { tanhDerivative } from "@/prisma/fixtures/tanh-derivative";

describe("paletteFor (issue 17 item 7)", () => {
  it("fits the seed exercises: σ for logistic regression, tanh (and no σ) for tanh", () => {
    const of = (e: typeof logisticRegressionGradient) => paletteFor(e.statement, e.variables.map((v) => v.description ?? ""));
    expect(of(logisticRegressionGradient)).toEqual(["sigma", "exp", "log"]);
    expect(of(tanhDerivative)).toEqual(["tanh", "exp"]);
    expect(paletteFor("Differentiate $x^2$.", [])).toEqual([]);
  });
});
