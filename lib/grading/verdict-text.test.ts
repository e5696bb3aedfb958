import { describe, expect, it } from "vitest";
import { gradeAnswer } from "./grade";
import { verdictText } from "./verdict-text";

const vars = [{ name: "x", range: [-2, 2] as [number, number] }];

describe("verdictText", () => {
  it("gives the feedback of correct and incorrect verdicts", () => {
    const ok = gradeAnswer("2*x", { expected: "2x", mistakes: [] }, vars);
    expect(verdictText(ok)).toBe(ok.verdict === "correct" ? ok.feedback : "unexpected");
    const wrong = gradeAnswer("x", { expected: "2x", mistakes: [{ expression: "x", feedback: "Half of it." }] }, vars);
    expect(verdictText(wrong)).toBe("Half of it.");
  });
  it("gives the parser's message for an invalid answer and the engine's for a broken key", () => {
    const bad = gradeAnswer("2 +", { expected: "2x", mistakes: [] }, vars);
    expect(bad.verdict).toBe("invalid");
    expect(verdictText(bad)).toBe(bad.verdict === "invalid" ? bad.error.message : "");
    expect(verdictText({ verdict: "error", message: "the key cannot be read" })).toBe("the key cannot be read");
  });
});
