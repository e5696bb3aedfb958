import { describe, expect, it } from "vitest";
import {
  checkFollows,
  compileStep,
  createFingerprinter,
  fingerprint,
  fingerprintsEqual,
  gradeAnswer,
  gradeWithFollowThrough,
  parseExpression,
  parseOptionsFor,
  validateExercise,
  type GradableStep,
} from "./index";
import { MATRIX_CASES, MATRIX_EXERCISES, MATRIX_STEPS } from "./matrix-cases";
import { MatrixStep } from "./matrix-step";

const compiled = new Map<string, GradableStep>();
for (const [id, { exercise, step }] of Object.entries(MATRIX_STEPS)) {
  const c = compileStep(step, MATRIX_EXERCISES[exercise]);
  if (!c.ok) throw new Error(`${id}: ${JSON.stringify(c.errors)}`);
  compiled.set(id, c);
}

describe("matrix steps: table of answers", () => {
  it("has at least 150 cases", () => {
    expect(MATRIX_CASES.length).toBeGreaterThanOrEqual(150);
  });
  it.each(MATRIX_CASES.map((c) => [c.step, c.answer, c.verdict, c] as const))("%s: %j is %s", (_s, answer, verdict, c) => {
    const step = compiled.get(c.step) as GradableStep;
    const r = step.grade(answer);
    expect(r.verdict, JSON.stringify(r)).toBe(verdict);
    if (c.diagnosis !== undefined) expect(r.verdict === "incorrect" && r.diagnosis, JSON.stringify(r)).toBe(c.diagnosis);
    if (c.mistakeIndex !== undefined) {
      expect(r.verdict === "incorrect" && r.mistakeIndex).toBe(c.mistakeIndex);
      expect(r.verdict === "incorrect" && r.feedback).toBe(MATRIX_STEPS[c.step]?.step.mistakes?.[c.mistakeIndex]?.feedback);
    }
    if (r.verdict === "invalid") {
      expect(r.error.start).toBeGreaterThanOrEqual(0);
      expect(r.error.end).toBeGreaterThanOrEqual(r.error.start);
      expect(r.error.end).toBeLessThanOrEqual(Math.max(answer.length, 0));
      if (c.message !== undefined) expect(r.error.message).toContain(c.message);
    }
  });
  it("gives the same verdict and seed on resubmission, and compiles to MatrixStep", () => {
    for (const c of MATRIX_CASES.slice(0, 40)) {
      const step = compiled.get(c.step) as GradableStep;
      expect(step).toBeInstanceOf(MatrixStep);
      expect(step.grade(c.answer)).toEqual(step.grade(c.answer));
    }
  });
});

describe("matrix steps: the issue's examples", () => {
  const V = MATRIX_EXERCISES.lr;
  const dw = { expected: "(1/m) X (A - Y)^T" };
  it("explains a missing transpose in the student's terms, located over the product", () => {
    const r = gradeAnswer("X (A - Y) / m", dw, V);
    expect(r.verdict).toBe("invalid");
    if (r.verdict !== "invalid") return;
    expect(r.error.message).toContain("X is n×m and (A - Y) is 1×m: these can't be multiplied as matrices");
    expect(r.error.message).toContain("Did you mean X (A - Y)ᵀ?");
    expect([r.error.start, r.error.end]).toEqual([0, 9]);
  });
  it("names the key's shape: dw has the shape of w", () => {
    const r = gradeAnswer("(A - Y) X^T / m", dw, V);
    expect(r.verdict === "invalid" && r.error.message).toBe("your answer is 1×n, but this step's answer is n×1, the shape of w: did you mean its transpose?");
  });
  it("1/m X dZ^T is invalid with a located message asking for (1/m) X dZ^T or X dZ^T / m", () => {
    const r = gradeAnswer("1/m X dZ^T", dw, V);
    expect(r.verdict === "invalid" && r.error).toMatchObject({ start: 0, end: 10 });
    expect(r.verdict === "invalid" && r.error.message).toContain("write (1/m) X dZ^T or X dZ^T / m");
    // Parenthesised, a division by a matrix is element-wise and allowed (then the shape is checked).
    expect(gradeAnswer("1/(m X dZ^T)", dw, V).verdict).toBe("incorrect");
  });
  it("the forgotten 1/m is 'off by a factor of m'", () => {
    const r = gradeAnswer("X dZ^T", dw, V);
    expect(r.verdict === "incorrect" && r.feedback).toContain("off by a factor of m");
  });
  it("the preview shows which product was read and the shape", () => {
    const options = parseOptionsFor(V);
    const mat = parseExpression("X (A - Y)^T", options);
    expect(mat.ok && mat.latex).toBe("X\\,{\\left(A - Y\\right)}^{\\mathsf T} \\qquad [\\,n \\times 1\\,]");
    expect(mat.ok && mat.shape).toBe("n×1");
    const had = parseExpression("X * dZ", options);
    expect(had.ok && had.latex).toContain("X \\odot \\mathit{dZ}");
    const scalar = parseExpression("sum(dZ)/m", options);
    expect(scalar.ok && scalar.shape).toBe("scalar");
    const nn = parseExpression("W1 X + b1", parseOptionsFor(MATRIX_EXERCISES.nn));
    expect(nn.ok && nn.latex).toContain("W^{[1]}\\,X + b^{[1]}");
  });
  it("a 1×1 result equals a scalar", () => {
    expect(gradeAnswer("dZ dZ^T", { expected: "sum(dZ^2)" }, V).verdict).toBe("correct");
    expect(gradeAnswer("(w^T w) X", { expected: "sum(w * w) X" }, V).verdict).toBe("correct");
  });
  it("the batch CLI's example line grades correct", () => {
    const vars = [
      { name: "n", integer: [2, 4] as [number, number] },
      { name: "m", integer: [3, 6] as [number, number] },
      { name: "X", shape: ["n", "m"] as [string, string], range: [-2, 2] as [number, number] },
      { name: "w", shape: ["n", 1] as [string, number], range: [-1, 1] as [number, number] },
      { name: "b", range: [-1, 1] as [number, number] },
      { name: "Y", shape: [1, "m"] as [number, string], values: [0, 1] },
      { name: "A", definition: "sigma(w^T X + b)" },
    ];
    expect(gradeAnswer("np.dot(X, (A - Y).T) / m", { expected: "(1/m) X (A - Y)^T" }, vars).verdict).toBe("correct");
  });
});

describe("matrix variables", () => {
  it("draws every dimension at each point, pairwise distinct when the ranges allow", () => {
    const step = compiled.get("nn.dW1") as MatrixStep;
    const dims = new Set<string>();
    for (const env of step.points) {
      const [n, h, m] = [0, 1, 2].map((i) => env[i]!.d[0]!);
      expect(new Set([n, h, m]).size).toBe(3);
      expect(env[3]!.r).toBe(n); // X is n×m
      expect(env[3]!.c).toBe(m);
      dims.add(`${n},${h},${m}`);
    }
    expect(dims.size).toBeGreaterThan(3);
  });
  it("draws one-hot columns and entries from a finite set", () => {
    const sm = compiled.get("sm.dZ") as MatrixStep;
    for (const env of sm.points) {
      const Y = env[6]!;
      for (let j = 0; j < Y.c; j++) {
        let s = 0;
        for (let i = 0; i < Y.r; i++) s += Y.d[i * Y.c + j]!;
        expect(s).toBe(1);
      }
    }
    const lr = compiled.get("lr.dZ") as MatrixStep;
    for (const env of lr.points) for (const y of env[5]!.d) expect([0, 1]).toContain(y);
  });
  it("values and integer work for scalars, and feedback names real points", () => {
    const V = [
      { name: "z", range: [-2, 2] as [number, number] },
      { name: "y", values: [0, 1] },
      { name: "k", integer: [1, 3] as [number, number] },
    ];
    const s = compileStep({ expected: "k z - y" }, V);
    expect(s.ok).toBe(true);
    if (!s.ok || s instanceof MatrixStep) return;
    for (const p of s.points) {
      expect([0, 1]).toContain(p[1]);
      expect([1, 2, 3]).toContain(p[2]);
    }
    expect(s.grade("k*z - y").verdict).toBe("correct");
    const r = s.grade("k z - y + heaviside(z - 1)");
    expect(r.verdict === "incorrect" && r.feedback).toMatch(/not at z = -?[0-9.]+, y = [01], k = [123]\./);
  });
  it("reports authoring errors: a dimension that is not an integer variable, a shape on a definition", () => {
    const bad = validateExercise({ variables: [{ name: "X", shape: ["n", 2], range: [0, 1] }], steps: [{ expected: "X" }] });
    expect(bad.issues[0]?.message).toContain('dimension "n" of X must be an integer variable');
    const def = validateExercise({
      variables: [{ name: "n", integer: [2, 3] }, { name: "X", shape: ["n", 1], range: [0, 1] }, { name: "A", definition: "X", shape: ["n", 1] }],
      steps: [{ expected: "X" }],
    });
    expect(def.issues[0]?.message).toContain("inferred from its definition");
  });
  it("a non-conformable key, or a mistake of another shape, blocks publishing", () => {
    const V = MATRIX_EXERCISES.lr;
    const r = validateExercise({ variables: V, steps: [{ expected: "X (A - Y) / m" }] });
    expect(r.issues.some((i) => i.severity === "error" && i.path === "steps.0.expected" && i.message.includes("can't be multiplied"))).toBe(true);
    const m = validateExercise({ variables: V, steps: [{ expected: "X dZ^T / m", mistakes: [{ expression: "dZ X^T / m", feedback: "order" }] }] });
    expect(m.issues.some((i) => i.severity === "error" && i.message.includes("1×n but the expected answer is n×1"))).toBe(true);
    const ok = validateExercise({
      variables: V,
      steps: [{ expected: "X dZ^T / m", mistakes: [{ expression: "X dZ^T", feedback: "1/m" }], tests: [{ answer: "np.dot(X, dZ.T)/m", verdict: "correct" }, { answer: "dZ X^T / m", verdict: "invalid" }] }],
    });
    expect(ok.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(ok.testResults.every((t) => t.passed)).toBe(true);
  });
  it("a definition that can't be evaluated in shape is an authoring error at its path", () => {
    const r = validateExercise({ variables: [...MATRIX_EXERCISES.lr, { name: "B", definition: "X w" }], steps: [{ expected: "X" }] });
    expect(r.issues[0]).toMatchObject({ path: "variables.10.definition", severity: "error" });
  });
});

describe("matrix steps: follow-through and fingerprints", () => {
  const V = MATRIX_EXERCISES.lr;
  it("an answer that follows from a wrong earlier matrix answer is carried forward", () => {
    const step = { expected: "(1/m) X (A - Y)^T", follows: "(1/m) X [dZ]^T" };
    const r = gradeWithFollowThrough("X (Y - A)^T / m", step, V, { dZ: "Y - A" });
    expect(r.verdict).toBe("carried-forward");
    expect(gradeWithFollowThrough("X (A - Y)^T / m", step, V, { dZ: "Y - A" }).verdict).toBe("correct");
    // An earlier answer of the wrong shape cannot be followed: the key's verdict stands.
    expect(gradeWithFollowThrough("X (Y - A)^T / m", step, V, { dZ: "(Y - A)^T" }).verdict).toBe("incorrect");
    expect(checkFollows("(1/m) X [dZ]^T", 1, [{ key: "dZ", expected: "A - Y" }, { key: "dw", expected: "(1/m) X (A - Y)^T" }], V)).toEqual([]);
    expect(checkFollows("X [dZ]^T", 1, [{ key: "dZ", expected: "A - Y" }, { key: "dw", expected: "(1/m) X (A - Y)^T" }], V)[0]).toContain("not equal");
  });
  it("fingerprints cluster spellings of one matrix answer; other shapes and invalid answers differ", () => {
    const a = fingerprint("X dZ^T", V);
    const b = fingerprint("np.dot(X, (A - Y).T)", V);
    expect(a).not.toBeNull();
    expect(fingerprintsEqual(a!, b!)).toBe(true);
    expect(fingerprintsEqual(a!, fingerprint("X dZ^T / m", V)!)).toBe(false);
    // A different number of entries never matches (dimensions are drawn distinct, so n ≠ m).
    expect(fingerprint("dZ", V)!.length).not.toBe(a!.length);
    expect(fingerprint("X dZ", V)).toBeNull();
    const f = createFingerprinter(V);
    expect(f!("X dZ^T")).toEqual(a);
  });
});

describe("matrix grammar corners", () => {
  const V = [
    { name: "n", integer: [2, 3] as [number, number] },
    { name: "m", integer: [4, 5] as [number, number] },
    { name: "y_hat", shape: [1, "m"] as [number, string], range: [0.1, 0.9] as [number, number] },
    { name: "y", shape: [1, "m"] as [number, string], values: [0, 1] },
  ];
  it("ŷ (or y + U+0302) is y_hat", () => {
    expect(gradeAnswer("ŷ - y", { expected: "y_hat - y" }, V).verdict).toBe("correct");
    expect(gradeAnswer("y\u0302 - y", { expected: "y_hat - y" }, V).verdict).toBe("correct");
  });
  it("a variable named T turns ^T back into a power", () => {
    const W = [...V, { name: "T", range: [1, 2] as [number, number] }];
    expect(gradeAnswer("y_hat^T", { expected: "y_hat^T" }, W).verdict).toBe("correct");
    expect(parseExpression("y_hat^T", parseOptionsFor(W))).toMatchObject({ ok: true, shape: "1×m" });
    expect(parseExpression("y_hat.T", parseOptionsFor(W))).toMatchObject({ ok: true, shape: "m×1" });
  });
  it("scalar exercises keep the scalar grammar: ' is still a quote, · still the product", () => {
    const S = [{ name: "a", range: [0, 1] as [number, number] }];
    expect(parseExpression("a'", { variables: ["a"] })).toMatchObject({ ok: false });
    expect(gradeAnswer("2·a", { expected: "2a" }, S).verdict).toBe("correct");
    expect(gradeAnswer("np.exp(a)", { expected: "exp(a)" }, S).verdict).toBe("invalid");
  });
  it("a 1-D numpy sum broadcasts as a row, transposes to itself, and is a column on the right of np.dot", () => {
    const L = MATRIX_EXERCISES.lr;
    expect(gradeAnswer("np.sum(X, axis=0).T", { expected: "sum(X, axis=0)" }, L).verdict).toBe("correct");
    expect(gradeAnswer("np.dot(X.T, np.sum(X, axis=1)).T", { expected: "(X^T sum(X, axis=1))^T" }, L).verdict).toBe("correct");
    expect(gradeAnswer("np.dot(np.sum(X, axis=1), np.sum(X, axis=1))", { expected: "sum(X, axis=1)^T sum(X, axis=1)" }, L).verdict).toBe("correct");
  });
});
