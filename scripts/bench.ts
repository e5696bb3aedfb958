/**
 * Benchmarks. `npm run -s bench` prints readable tables; `npm run -s bench -- --json` prints one JSON
 * object per section, one per line, with the grading line LAST.
 *
 * To add a section (clustering, gradebook, matrix grading, …): write a `BenchSection` and put it in
 * `SECTIONS` before `gradingSection`.
 */
import { create, all } from "mathjs";
import { compileStep, type CompiledStep, type GradeResult } from "../lib/grading";
import { SEED_CASES, SEED_STEPS, SEED_VARIABLES } from "../lib/grading/seed-cases";
import { valuesAgree } from "../lib/grading";
import { ANALYTICS_SECTIONS } from "./bench-analytics";
import { makeMatrixSection } from "./bench-matrix";

type BenchResult = { table: [string, string][]; json: Record<string, unknown> };
type BenchSection = { name: string; run: () => BenchResult | Promise<BenchResult> };

/** Run fn(i) over all i for at least `ms` milliseconds; return microseconds per call. */
function timeOnce(count: number, fn: (i: number) => void, ms: number): number {
  let calls = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < count; i++) fn(i);
    calls += count;
    elapsed = performance.now() - t0;
  } while (elapsed < ms);
  return (elapsed * 1000) / calls;
}

/**
 * Measure several functions in interleaved rounds and keep each one's fastest round: on a shared,
 * loaded machine the minimum is the best estimate of the true cost, and interleaving keeps the
 * ratio fair when the load changes during the run.
 */
function measureInterleaved(items: { count: number; fn: (i: number) => void }[], rounds = 7, ms = 120): number[] {
  for (const it of items) for (let i = 0; i < Math.min(it.count * 5, 5000); i++) it.fn(i % it.count); // warm-up
  const best = items.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    items.forEach((it, k) => {
      best[k] = Math.min(best[k]!, timeOnce(it.count, it.fn, ms));
    });
  }
  return best;
}

const gradingSection: BenchSection = {
  name: "grading",
  run() {
    const steps = SEED_STEPS.map((s) => compileStep(s, SEED_VARIABLES)) as CompiledStep[];
    if (steps.some((s) => !s.ok)) throw new Error("seed steps do not compile");
    const cases = SEED_CASES;

    // Ours: parse + whitelist + compile to closures + evaluate at the step's points + compare + feedback.
    let sink = 0;
    const oursAll = (i: number): void => {
      const c = cases[i]!;
      const r: GradeResult = steps[c.step]!.grade(c.answer);
      sink += r.verdict.length;
    };

    // Baseline: mathjs parse + compile + evaluate per answer at the same points, same comparison
    // (expected and mistake values precomputed, as for ours). mathjs cannot read the raw student text
    // (unicode, a(1-a) as a call), so it gets our canonical text for valid answers.
    const math = create(all as NonNullable<typeof all>, { number: "number" });
    math.import({ sigma: (x: number) => 1 / (1 + Math.exp(-x)) }, { override: true });
    const names = ["z", "y", "a"];
    const valid = cases
      .map((c) => ({ c, r: steps[c.step]!.grade(c.answer) }))
      .filter((x) => x.r.verdict === "correct" || x.r.verdict === "incorrect")
      .map((x) => ({ step: steps[x.c.step]!, text: (x.r as { canonical: string }).canonical, answer: x.c.answer }));
    const scopes = steps.map((s) => s.points.map((p) => Object.fromEntries(names.map((n) => [n, p[s.ctx.index.get(n)!]!]))));
    const mathjsGrade = (step: CompiledStep, scope: Record<string, number>[], text: string): string => {
      const compiled = math.parse(text).compile();
      const values = new Float64Array(scope.length);
      for (let k = 0; k < scope.length; k++) values[k] = Number(compiled.evaluate({ ...scope[k] }));
      let ok = true;
      for (let k = 0; k < values.length && ok; k++) ok = valuesAgree(values[k]!, step.expectedValues[k]!);
      if (ok) return "correct";
      for (const m of step.mistakes) {
        let same = m.usable;
        for (let k = 0; k < values.length && same; k++) same = valuesAgree(values[k]!, m.values[k]!);
        if (same) return "incorrect";
      }
      return "incorrect";
    };
    // A naive grader: math.evaluate(text, scope) at every point (re-parses the text per point).
    const mathjsEvaluatePerPoint = (step: CompiledStep, scope: Record<string, number>[], text: string): boolean => {
      for (let k = 0; k < scope.length; k++) {
        if (!valuesAgree(Number(math.evaluate(text, { ...scope[k] })), step.expectedValues[k]!)) return false;
      }
      return true;
    };
    // Sanity: both engines agree on every valid case.
    for (const v of valid) {
      const ours = v.step.grade(v.answer).verdict;
      const theirs = mathjsGrade(v.step, scopes[steps.indexOf(v.step)]!, v.text);
      if (ours !== theirs) throw new Error(`verdicts differ for ${v.answer}: ${ours} vs mathjs ${theirs}`);
    }
    const [oursUs, oursValidUs, mathjsUs, perPointUs] = measureInterleaved([
      { count: cases.length, fn: oursAll },
      {
        count: valid.length,
        fn: (i) => {
          const v = valid[i]!;
          sink += v.step.grade(v.answer).verdict.length;
        },
      },
      {
        count: valid.length,
        fn: (i) => {
          const v = valid[i]!;
          sink += mathjsGrade(v.step, scopes[steps.indexOf(v.step)]!, v.text).length;
        },
      },
      {
        count: valid.length,
        fn: (i) => {
          const v = valid[i]!;
          sink += mathjsEvaluatePerPoint(v.step, scopes[steps.indexOf(v.step)]!, v.text) ? 1 : 2;
        },
      },
    ], 5, 100) as [number, number, number, number];

    // Bulk regrade: stored answers against already-compiled steps, one core, with a cache lookup per row.
    const byKey = new Map(steps.map((s, i) => [String(i), s]));
    const rows = Array.from({ length: 20_000 }, (_, i) => cases[i % cases.length]!);
    let regradeMs = Infinity;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (const row of rows) sink += byKey.get(String(row.step))!.grade(row.answer).verdict.length;
      regradeMs = Math.min(regradeMs, performance.now() - t0);
    }
    if (sink === 0) throw new Error("unreachable");

    // The contract's baseline is `math.evaluate`-style grading: the answer text evaluated with
    // math.evaluate(text, scope) at each point. mathjs's own compile-once path is reported beside it
    // (speedup_vs_compiled) because it is the stronger baseline, and we do not want to hide it.
    const json = {
      cases: cases.length,
      points: steps[0]!.points.length,
      ours_us_per_grade: round(oursUs),
      ours_valid_us_per_grade: round(oursValidUs),
      mathjs_evaluate_us_per_grade: round(perPointUs),
      speedup: round(perPointUs / oursValidUs),
      mathjs_compiled_us_per_grade: round(mathjsUs),
      speedup_vs_compiled: round(mathjsUs / oursValidUs),
      regrade_grades_per_s: Math.round(rows.length / (regradeMs / 1000)),
    };
    return {
      json,
      table: [
        ["cases (seed exercise, 3 steps)", String(cases.length)],
        ["points per grade", String(json.points)],
        ["ours: µs per grade (all cases, incl. invalid)", String(json.ours_us_per_grade)],
        ["ours: µs per grade (valid cases)", String(json.ours_valid_us_per_grade)],
        ["math.evaluate(text, scope) at each point: µs per grade", String(json.mathjs_evaluate_us_per_grade)],
        ["speedup vs math.evaluate", `${json.speedup}×`],
        ["mathjs parse+compile once, evaluate per point: µs per grade", String(json.mathjs_compiled_us_per_grade)],
        ["speedup vs mathjs compiled once", `${json.speedup_vs_compiled}×`],
        ["bulk regrade, grades per second (one core)", json.regrade_grades_per_s.toLocaleString("en")],
      ],
    };
  },
};

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Sections in output order; the grading section stays last. */
const SECTIONS: BenchSection[] = [...ANALYTICS_SECTIONS, makeMatrixSection(measureInterleaved), gradingSection];

async function main(): Promise<void> {
  const asJson = process.argv.includes("--json");
  const lines: string[] = [];
  for (const section of SECTIONS) {
    const { table, json } = await section.run();
    if (!asJson) {
      const width = Math.max(...table.map(([k]) => k.length));
      console.log(`\n${section.name}`);
      for (const [k, v] of table) console.log(`  ${k.padEnd(width)}  ${v}`);
    }
    lines.push(JSON.stringify(section === gradingSection ? json : { section: section.name, ...json }));
  }
  if (asJson) for (const l of lines) console.log(l);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
