/**
 * Matrix grading benchmark (issue 15): the logistic-regression steps of lib/grading/matrix-cases.ts
 * (Z, dZ, dw, db) with n ∈ [2, 5] features and m ∈ [3, 8] examples, every valid answer of the case
 * table graded at the step's 20 points. Baseline: mathjs evaluating the same expression (our parse
 * printed in mathjs syntax: `*` matrix product, `.*` element-wise, `map(M, exp)`) with
 * `math.evaluate(text, scope)` at each point, where the scope holds the same matrices as
 * math.matrix values, and the same entry-wise comparison. Only answers on which both engines give
 * the same verdict are timed (the sanity check below says how many).
 */
import { create, all } from "mathjs";
import type { Expr } from "../lib/grading";
import { compileStep, MatrixStep, valuesAgree } from "../lib/grading";
import { MATRIX_CASES, MATRIX_STEPS } from "../lib/grading/matrix-cases";
import { parseTree } from "../lib/grading/parser";
import type { Variable } from "../lib/grading";

type Measure = (items: { count: number; fn: (i: number) => void }[], rounds?: number, ms?: number) => number[];

export const BENCH_VARIABLES: Variable[] = [
  { name: "n", integer: [2, 5] },
  { name: "m", integer: [3, 8] },
  { name: "X", shape: ["n", "m"], range: [-2, 2] },
  { name: "w", shape: ["n", 1], range: [-1, 1] },
  { name: "b", range: [-1, 1] },
  { name: "Y", shape: [1, "m"], values: [0, 1] },
  { name: "S", shape: ["n", "n"], range: [-1, 1] },
  { name: "Z", definition: "w^T X + b" },
  { name: "A", definition: "sigma(Z)" },
  { name: "dZ", definition: "A - Y" },
];

const ELEMENTWISE: Record<string, string> = { sigma: "sigma", exp: "exp", log: "log", tanh: "tanh", sqrt: "sqrt", abs: "abs", sech: "sech" };

/** Our checked tree in mathjs syntax (null where mathjs has no direct equivalent). */
function toMathjs(e: Expr): string | null {
  switch (e.type) {
    case "number":
      return String(e.value);
    case "constant":
      return e.name;
    case "variable":
      return e.name;
    case "neg": {
      const a = toMathjs(e.arg);
      return a === null ? null : `(-${a})`;
    }
    case "binary": {
      const l = toMathjs(e.left);
      const r = toMathjs(e.right);
      if (l === null || r === null) return null;
      const op = e.op === "@" ? "*" : e.op === "*" ? (e.hadamard === true ? ".*" : "*") : e.op === "/" ? "./" : e.op === "^" ? ".^" : e.op;
      return `(${l} ${op} ${r})`;
    }
    case "call": {
      const args = e.args.map(toMathjs);
      if (args.some((a) => a === null)) return null;
      if (e.name === "transpose") return `transpose(${args[0]})`;
      if ((e.name === "sum" || e.name === "mean") && args.length === 1) return `${e.name}(${args[0]})`;
      const fn = ELEMENTWISE[e.name];
      return fn === undefined ? null : `map(${args[0]}, ${fn})`;
    }
  }
}

export function makeMatrixSection(measure: Measure) {
  return {
    name: "matrix grading",
    run() {
      const ids = ["lr.Z", "lr.dZ", "lr.dw", "lr.db"];
      const steps = new Map<string, MatrixStep>();
      for (const id of ids) {
        const s = compileStep(MATRIX_STEPS[id]!.step, BENCH_VARIABLES);
        if (!(s instanceof MatrixStep)) throw new Error(`${id} does not compile as a matrix step`);
        steps.set(id, s);
      }
      const cases = MATRIX_CASES.filter((c) => steps.has(c.step));
      const math = create(all as NonNullable<typeof all>, { number: "number" });
      const sigma = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
      math.import({ sigma, sech: (x: number) => 1 / Math.cosh(x) }, { override: true });
      // The same matrices as mathjs values, one scope per point (built once, outside the timing).
      const scopes = new Map<MatrixStep, Record<string, unknown>[]>();
      for (const s of steps.values()) {
        scopes.set(
          s,
          s.points.map((env) => {
            const scope: Record<string, unknown> = {};
            s.ctx.names.forEach((name, i) => {
              const v = env[i]!;
              if (v.r === 1 && v.c === 1 && BENCH_VARIABLES[i]!.shape === undefined && !("definition" in BENCH_VARIABLES[i]!)) scope[name] = v.d[0];
              else scope[name] = math.matrix(Array.from({ length: v.r }, (_, r) => Array.from(v.d.subarray(r * v.c, (r + 1) * v.c))));
            });
            return scope;
          }),
        );
      }
      const mathjsGrade = (step: MatrixStep, text: string): string => {
        const scope = scopes.get(step)!;
        let k0 = 0;
        for (let k = 0; k < scope.length; k++) {
          const r = math.evaluate(text, { ...scope[k] }) as unknown;
          const flat: number[] = typeof r === "number" ? [r] : (math.flatten(r as never) as unknown as { toArray(): number[] }).toArray();
          const len = step.offsets[k + 1]! - step.offsets[k]!;
          if (flat.length !== len) return "incorrect";
          for (let j = 0; j < len; j++) if (!valuesAgree(flat[j]!, step.expectedValues[k0 + j]!, step.floor)) return "incorrect";
          k0 += len;
        }
        return "correct";
      };
      const valid: { step: MatrixStep; answer: string; text: string }[] = [];
      let skipped = 0;
      for (const c of cases) {
        const step = steps.get(c.step)!;
        const r = step.grade(c.answer);
        if (r.verdict !== "correct" && r.verdict !== "incorrect") continue;
        const tree = parseTree(c.answer, { variables: step.ctx.names, matrix: step.mctx.info });
        const text = tree.ok ? toMathjs(tree.expr) : null;
        let theirs: string | null = null;
        try {
          theirs = text === null ? null : mathjsGrade(step, text);
        } catch {
          theirs = null;
        }
        if (text === null || theirs !== r.verdict) skipped++;
        else valid.push({ step, answer: c.answer, text });
      }
      let sink = 0;
      const [oursAllUs, oursUs, mathjsUs] = measure(
        [
          { count: cases.length, fn: (i) => (sink += steps.get(cases[i]!.step)!.grade(cases[i]!.answer).verdict.length) },
          { count: valid.length, fn: (i) => (sink += valid[i]!.step.grade(valid[i]!.answer).verdict.length) },
          { count: valid.length, fn: (i) => (sink += mathjsGrade(valid[i]!.step, valid[i]!.text).length) },
        ],
        5,
        100,
      ) as [number, number, number];
      if (sink === 0) throw new Error("unreachable");
      const r2 = (x: number): number => Math.round(x * 100) / 100;
      const json = {
        cases: cases.length,
        timed_cases: valid.length,
        skipped_cases: skipped,
        points: steps.get("lr.dw")!.points.length,
        ours_us_per_grade: r2(oursAllUs),
        ours_valid_us_per_grade: r2(oursUs),
        mathjs_evaluate_us_per_grade: r2(mathjsUs),
        speedup: r2(mathjsUs / oursUs),
        grades_per_s: Math.round(1e6 / oursUs),
      };
      return {
        json,
        table: [
          ["cases (logistic regression Z, dZ, dw, db; n ≤ 5, m ≤ 8)", String(json.cases)],
          ["timed (valid, same verdict in mathjs)", String(json.timed_cases)],
          ["points per grade", String(json.points)],
          ["ours: µs per grade (all cases, incl. invalid)", String(json.ours_us_per_grade)],
          ["ours: µs per grade (timed cases)", String(json.ours_valid_us_per_grade)],
          ["math.evaluate(text, matrix scope) at each point: µs per grade", String(json.mathjs_evaluate_us_per_grade)],
          ["speedup vs math.evaluate", `${json.speedup}×`],
          ["matrix step-grades per second (one core)", json.grades_per_s.toLocaleString("en")],
        ] as [string, string][],
      };
    },
  };
}
