import { describe, expect, it } from "vitest";
import { compileStep, fingerprint, fingerprintsEqual, GRADING_DEFAULTS, gradeAnswer, parseExpression, validateExercise, valuesAgree, type GradeResult, type Variable } from "./index";
import { SEED_STEPS, SEED_VARIABLES } from "./seed-cases";

const V = SEED_VARIABLES;
const incorrect = (r: GradeResult) => {
  if (r.verdict !== "incorrect") throw new Error(`expected incorrect, got ${JSON.stringify(r)}`);
  return r;
};

describe("diagnoses", () => {
  const step = { expected: "a - y" };
  it.each([
    ["y - a", "opposite-sign", "opposite sign"],
    ["3(a - y)", "constant-factor", "about 3 times"],
    ["a - y + 2", "constant-offset", "about 2"],
    ["a - y - 0.5", "constant-offset", "about -0.5"],
    ["abs(a - y)", "partly-correct", "some points"],
    ["a - y + log(z)", "non-finite", "undefined at z = "],
    ["a^2 - y", "none", "not equal"],
  ])("%j → %s", (answer, diagnosis, text) => {
    const r = incorrect(gradeAnswer(answer, step, V));
    expect(r.diagnosis).toBe(diagnosis);
    expect(r.feedback).toContain(text);
  });

  it("a variable the correct answer does not depend on", () => {
    const r = incorrect(gradeAnswer("a(1-a) + y", { expected: "a(1-a)" }, V));
    expect(r.diagnosis).toBe("unexpected-variable");
    expect(r.feedback).toBe("Your answer depends on y, but the correct answer does not depend on it.");
  });

  it("known mistakes come first, in the author's order", () => {
    const r = incorrect(
      gradeAnswer("y - a", { expected: "a - y", mistakes: [{ expression: "2y - 2a", feedback: "not this" }, { expression: "-(a-y)", feedback: "sign!" }] }, V),
    );
    expect(r).toMatchObject({ diagnosis: "known-mistake", mistakeIndex: 1, feedback: "sign!" });
  });

  it("names where the answer is undefined, with only the variables it depends on", () => {
    const r = incorrect(gradeAnswer("1/(1+exp(-z)) - y + sqrt(z)", { expected: "a - y" }, V));
    expect(r.feedback).toMatch(/^Your answer is undefined at z = -?[0-9.]+, y = [0-9.]+, where the correct answer is defined\.$/);
    const r2 = incorrect(gradeAnswer("a(1-a) + log(z)", { expected: "a(1-a)" }, V));
    expect(r2.feedback).toMatch(/^Your answer is undefined at z = -[0-9.]+, where/);
  });
});

describe("tolerance", () => {
  it("combined relative and absolute tolerance", () => {
    expect(valuesAgree(1, 1 + 1e-7)).toBe(true);
    expect(valuesAgree(1, 1 + 1e-5)).toBe(false);
    expect(valuesAgree(0, 1e-10)).toBe(true);
    expect(valuesAgree(0, 1e-8)).toBe(false);
    expect(valuesAgree(1000, 1001)).toBe(false); // WeBWorK's 1e-3 relative would accept this
    expect(valuesAgree(1e7, 1e7 + 1)).toBe(true);
  });

  it("NaN never equals NaN, infinity never equals infinity", () => {
    expect(valuesAgree(NaN, NaN)).toBe(false);
    expect(valuesAgree(Infinity, Infinity)).toBe(false);
    // An answer undefined everywhere is not "equal" to anything.
    const r = incorrect(gradeAnswer("0/0", { expected: "a - y" }, V));
    expect(r.diagnosis).toBe("non-finite");
  });

  it("an answer off by one is rejected even where values are large", () => {
    const vars: Variable[] = [{ name: "x", range: [100, 1000] }];
    expect(gradeAnswer("x^2 + 1", { expected: "x^2" }, vars).verdict).toBe("incorrect");
    expect(gradeAnswer("x*x", { expected: "x^2" }, vars).verdict).toBe("correct");
  });

  it("points where the expected answer is undefined are resampled, not compared", () => {
    const vars: Variable[] = [{ name: "x", range: [-1, 1] }];
    const step = compileStep({ expected: "sqrt(x)" }, vars);
    if (!step.ok) throw new Error();
    expect(step.points.every((p) => (p[0] as number) >= 0)).toBe(true);
    expect(step.grade("x^0.5").verdict).toBe("correct");
    expect(step.grade("sqrt(abs(x))").verdict).toBe("correct");
    expect(step.rejected.length).toBeGreaterThan(0);
  });
});

describe("seeds and points", () => {
  it("records the seed; the default is fixed for the key and independent of the answer", () => {
    const r1 = gradeAnswer("a - y", SEED_STEPS[2]!, V);
    const r2 = gradeAnswer("y - a", SEED_STEPS[2]!, V);
    expect(r1.verdict === "correct" && r1.seed).toBe(r2.verdict === "incorrect" && r2.seed);
    const r3 = gradeAnswer("a - y", SEED_STEPS[2]!, V, { seed: 42 });
    expect(r3.verdict === "correct" && r3.seed).toBe(42);
  });

  it("uses GRADING_DEFAULTS.points points unless told otherwise", () => {
    const s = compileStep(SEED_STEPS[1]!, V);
    expect(s.ok && s.points.length).toBe(GRADING_DEFAULTS.points);
    const t = compileStep(SEED_STEPS[1]!, V, { points: 50 });
    expect(t.ok && t.points.length).toBe(50);
  });

  it("the same seed gives the same points", () => {
    const a = compileStep(SEED_STEPS[0]!, V, { seed: 7 });
    const b = compileStep(SEED_STEPS[0]!, V, { seed: 7 });
    if (!a.ok || !b.ok) throw new Error();
    expect(a.points).toEqual(b.points);
  });
});

describe("allowed variables", () => {
  const step = { expected: "a(1-a)", allowedVariables: ["a"] };
  it("an answer using a variable outside allowedVariables is invalid, with a located message", () => {
    const r = gradeAnswer("σ(z)(1-σ(z))", step, V);
    expect(r.verdict).toBe("invalid");
    if (r.verdict !== "invalid") return;
    expect(r.error.message).toContain("z can't be used in this step");
    expect([r.error.start, r.error.end]).toEqual([2, 3]);
  });
  it("allowed answers grade normally", () => {
    expect(gradeAnswer("a - a^2", step, V).verdict).toBe("correct");
  });
  it("gradeParsed checks too", () => {
    const s = compileStep(step, V);
    const p = parseExpression("z + a", { variables: ["z", "y", "a"] });
    if (!s.ok || !p.ok) throw new Error();
    expect(s.gradeParsed(p.expr)).toMatchObject({ verdict: "invalid", error: { start: 0, end: 1 } });
  });
});

describe("form requirement", () => {
  it("an equivalent answer with too many operations is incorrect with 'equivalent, but'", () => {
    const step = { expected: "a - y", form: { maxOperations: 1 } };
    expect(gradeAnswer("a - y", step, V).verdict).toBe("correct");
    const r = incorrect(gradeAnswer("(a-y)/(a(1-a)) * a(1-a)", step, V));
    expect(r.diagnosis).toBe("form");
    expect(r.feedback).toMatch(/^Equivalent, but simplify it: use at most 1 operations \(yours has \d+\)\.$/);
  });
  it("forbidden functions, by any alias, with the author's message", () => {
    const step = { expected: "a(1-a)", form: { forbiddenFunctions: ["σ", "exp"], message: "write it in terms of a." } };
    const r = incorrect(gradeAnswer("sigmoid(z)(1-sigmoid(z))", step, V));
    expect(r).toMatchObject({ diagnosis: "form", feedback: "Equivalent, but write it in terms of a." });
    expect(incorrect(gradeAnswer("exp(-z)/(1+exp(-z))^2", step, V)).diagnosis).toBe("form");
    expect(gradeAnswer("a - a²", step, V).verdict).toBe("correct");
  });
  it("a non-equivalent answer gets the usual diagnosis, not the form one", () => {
    const step = { expected: "a - y", form: { maxOperations: 1 } };
    expect(incorrect(gradeAnswer("y - a", step, V)).diagnosis).toBe("opposite-sign");
  });
});

describe("authoring errors (verdict 'error')", () => {
  it("too few usable points", () => {
    const r = gradeAnswer("1", { expected: "sqrt(-1-z^2)" }, V);
    expect(r.verdict).toBe("error");
    expect(r.verdict === "error" && r.message).toContain("too few usable points");
  });
  it("cyclic definitions", () => {
    const vars: Variable[] = [
      { name: "a", definition: "b + 1" },
      { name: "b", definition: "c * 2" },
      { name: "c", definition: "a" },
    ];
    const r = compileStep({ expected: "a" }, vars);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]?.message).toBe("cyclic definitions: a → b → c → a");
    expect(r.errors[0]?.path).toBe("variables.0.definition");
    const self = compileStep({ expected: "a" }, [{ name: "a", definition: "a + 1" }]);
    expect(!self.ok && self.errors[0]?.message).toBe("a is defined in terms of itself");
  });
  it("definitions may refer to later-declared variables when there is no cycle", () => {
    const vars: Variable[] = [{ name: "a", definition: "sigma(z)" }, { name: "z", range: [-1, 1] }];
    expect(gradeAnswer("sigma(z)", { expected: "a" }, vars).verdict).toBe("correct");
  });
  it("bad keys", () => {
    expect(gradeAnswer("a", { expected: "a +" }, V).verdict).toBe("error");
    expect(gradeAnswer("a", { expected: "q" }, V).verdict).toBe("error");
    expect(gradeAnswer("a", { expected: "a", allowedVariables: ["q"] }, V).verdict).toBe("error");
    expect(gradeAnswer("a", { expected: "a" }, [{ name: "z", range: [1, 0] }]).verdict).toBe("error");
    expect(gradeAnswer("a", { expected: "a" }, [{ name: "z", range: [0, 1] }, { name: "z", range: [0, 1] }]).verdict).toBe("error");
    expect(gradeAnswer("a", { expected: "a" }, [{ name: "1z", range: [0, 1] }]).verdict).toBe("error");
    expect(gradeAnswer("a", { expected: "a", mistakes: [{ expression: "a +", feedback: "x" }] }, V).verdict).toBe("error");
  });
});

describe("validateExercise", () => {
  it("the seed exercise is clean and all implicit tests pass", () => {
    const report = validateExercise({ variables: V, steps: SEED_STEPS });
    expect(report.issues).toEqual([]);
    expect(report.testResults.length).toBe(3 + 6);
    expect(report.testResults.every((t) => t.passed && t.implicit)).toBe(true);
  });

  it("runs explicit tests with verdicts and feedback", () => {
    const report = validateExercise({
      variables: V,
      steps: [
        {
          ...SEED_STEPS[2]!,
          tests: [
            { answer: "σ(z) − y", verdict: "correct" },
            { answer: "y - a", verdict: "incorrect", feedbackIncludes: "flipped" },
            { answer: "a -* y", verdict: "invalid" },
            { answer: "a - y^2", verdict: "correct" },
          ],
        },
      ],
    });
    const explicit = report.testResults.filter((t) => !t.implicit);
    expect(explicit.map((t) => t.passed)).toEqual([true, true, true, false]);
    expect(explicit[3]).toMatchObject({ step: 0, row: 3, expected: "correct" });
    expect(report.issues).toEqual([expect.objectContaining({ path: "steps.0.tests.3", severity: "error" })]);
  });

  it("reports parse errors with paths and offsets", () => {
    const report = validateExercise({
      variables: [...V.slice(0, 2), { name: "a", definition: "sigma(z" }],
      steps: [{ expected: "a -* y", mistakes: [{ expression: "w", feedback: "?" }] }],
    });
    expect(report.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "variables.2.definition", severity: "error", start: 5, end: 6 }),
        expect.objectContaining({ path: "steps.0.expected", start: 3, end: 4 }),
        expect.objectContaining({ path: "steps.0.mistakes.0.expression", start: 0, end: 1 }),
      ]),
    );
  });

  it("a mistake equal to the expected answer would never trigger", () => {
    const report = validateExercise({
      variables: V,
      steps: [{ expected: "a - y", mistakes: [{ expression: "σ(z) - y", feedback: "x" }, { expression: "y - a", feedback: "s" }, { expression: "-(a - y)", feedback: "t" }] }],
    });
    expect(report.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "steps.0.mistakes.0.expression", severity: "error", message: expect.stringContaining("never trigger") }),
        expect.objectContaining({ path: "steps.0.mistakes.2.expression", severity: "error", message: expect.stringContaining("mistake 2") }),
      ]),
    );
  });

  it("warns where the expected answer is undefined, errors on cycles and bad allowedVariables", () => {
    const r1 = validateExercise({ variables: [{ name: "x", range: [-1, 1] }], steps: [{ expected: "log(x)" }] });
    expect(r1.issues).toEqual([expect.objectContaining({ path: "steps.0.expected", severity: "warning", message: expect.stringContaining("undefined at some sample points, e.g. x = -") })]);
    const r2 = validateExercise({ variables: [{ name: "p", definition: "q" }, { name: "q", definition: "p" }], steps: [{ expected: "p" }] });
    expect(r2.issues[0]).toMatchObject({ severity: "error", message: "cyclic definitions: p → q → p" });
    const r3 = validateExercise({ variables: V, steps: [{ expected: "a - y", allowedVariables: ["a", "w"] }] });
    expect(r3.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "steps.0.allowedVariables.1", severity: "error" }),
      ]),
    );
    const r4 = validateExercise({ variables: V, steps: [{ expected: "a - y", allowedVariables: ["a"] }] });
    expect(r4.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: "steps.0.allowedVariables", severity: "error" })]));
  });

  it("the expected answer must satisfy its own form requirement", () => {
    const r = validateExercise({ variables: V, steps: [{ expected: "a*(1-a)", form: { maxOperations: 1, forbiddenFunctions: ["frobnicate"] } }] });
    expect(r.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "steps.0.form", severity: "error" }),
        expect.objectContaining({ path: "steps.0.form.forbiddenFunctions.0", severity: "warning" }),
      ]),
    );
  });
});

describe("fingerprint", () => {
  it("equivalent spellings share a fingerprint; different answers do not", () => {
    const f1 = fingerprint("y/a - (1-y)/(1-a)", V);
    const f2 = fingerprint("(y-a)/(a(1-a))", V);
    const f3 = fingerprint("y - a", V);
    if (f1 === null || f2 === null || f3 === null) throw new Error();
    expect(f1.length).toBe(GRADING_DEFAULTS.points);
    expect(fingerprintsEqual(f1, f2)).toBe(true);
    expect(fingerprintsEqual(f1, f3)).toBe(false);
  });
  it("is deterministic, null for invalid answers, accepts parsed trees", () => {
    expect(fingerprint("a - y", V)).toEqual(fingerprint("σ(z) − y", V));
    expect(fingerprint("a -* y", V)).toBeNull();
    const p = parseExpression("a - y", { variables: ["z", "y", "a"] });
    if (!p.ok) throw new Error();
    expect(fingerprint(p.expr, V)).toEqual(fingerprint("a - y", V));
    expect(fingerprint("a", V, { seed: 1 })).not.toEqual(fingerprint("a", V, { seed: 2 }));
  });
  it("identical answers that are undefined somewhere still cluster", () => {
    const f = fingerprint("log(z)", V);
    if (f === null) throw new Error();
    expect(f.some((v) => Number.isNaN(v))).toBe(true);
    expect(fingerprintsEqual(f, fingerprint("ln(z)", V) ?? [])).toBe(true);
  });
  it("a compiled step fingerprints at its own points", () => {
    const s = compileStep(SEED_STEPS[2]!, V);
    if (!s.ok) throw new Error();
    expect(s.fingerprint("a - y")).toEqual(Array.from(s.expectedValues));
  });
});
