import { describe, expect, it } from "vitest";
import { exerciseSchema } from "@/lib/exercises/definition";
import { forValidation } from "@/lib/exercises/parameters";
import { clusterWrongAnswers } from "@/lib/analytics/cluster";
import { renderSolution } from "@/lib/student-work/cores";
import { twoLayerTanhNetwork, vectorisedLogisticRegression } from "@/prisma/fixtures/matrix-exercises";

/** Server-side displays of matrix answers read them with the exercise's parse options (shapes, display names). */
describe("matrix answers shown on the server", () => {
  const two = exerciseSchema.parse(twoLayerTanhNetwork);
  const logistic = exerciseSchema.parse(vectorisedLogisticRegression);

  it("renders a matrix key with its display names and shape (renderSolution)", () => {
    const step = two.steps.find((s) => s.key === "dW1")!;
    const { expectedLatex } = renderSolution(step, forValidation(two.variables));
    expect(expectedLatex).toContain("dZ^{[1]}");
    expect(expectedLatex).toMatch(/\[\\,h \\times n\\,\]/);
  });

  it("labels a cluster of matrix answers with their reading (a names-only parse could not read them)", () => {
    const step = logistic.steps.find((s) => s.key === "dw")!;
    const { clusters } = clusterWrongAnswers([{ answer: "X (A - Y)^T" }, { answer: "np.dot(X, (A - Y).T)" }], { variables: forValidation(logistic.variables), expected: step.expected, mistakes: step.mistakes });
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.representative.latex).toMatch(/n \\times 1/);
  });
});
