// Tests the batch CLI in scripts/grade.ts (the engine itself never imports node: modules; this test does).
// eslint-disable-next-line no-restricted-imports -- test-only: spawns scripts/grade.ts; test files are never bundled for the browser
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ISSUE12_CASES } from "./issue12-cases";
import { SEED_CASES, SEED_STEPS, SEED_VARIABLES } from "./seed-cases";

function runCli(args: string[], input: string): { stdout: string; status: number | null; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/grade.ts", ...args], { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { stdout: r.stdout, status: r.status, ms: performance.now() - t0 };
}

describe("npm run grade -- --jsonl", () => {
  it("grades one line per input line, in order, and survives malformed lines", () => {
    const lines = [
      JSON.stringify({ id: "c1", variables: SEED_VARIABLES, expected: "a - y", answer: "σ(z) − y" }),
      "not json",
      JSON.stringify({ id: "c3", variables: SEED_VARIABLES, expected: "a - y" }),
      JSON.stringify({ id: "c4", variables: SEED_VARIABLES, expected: "a - y", answer: "a -* y" }),
      JSON.stringify({ id: "c5", variables: SEED_VARIABLES, expected: "a - y", answer: "y - a", mistakes: [{ expression: "y - a", feedback: "sign flip" }] }),
      JSON.stringify({ id: "c6", variables: SEED_VARIABLES, expected: "sqrt(-1-z^2)", answer: "1" }),
      JSON.stringify({ id: "c7", variables: SEED_VARIABLES, expected: "a(1-a)", answer: "σ(z)(1-σ(z))", allowedVariables: ["a"] }),
      JSON.stringify({ id: "c8", variables: SEED_VARIABLES, expected: "a - y", answer: "a - y", seed: 5 }),
      "",
    ];
    const r = runCli(["--jsonl"], lines.join("\n") + "\n");
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(out).toHaveLength(lines.length);
    expect(out[0]).toMatchObject({ id: "c1", verdict: "correct", latex: "\\sigma\\left(z\\right) - y" });
    expect(out[1]).toMatchObject({ id: null, verdict: "error" });
    expect(out[2]).toMatchObject({ id: "c3", verdict: "error", reason: expect.stringContaining("answer") });
    expect(out[3]).toMatchObject({ id: "c4", verdict: "invalid", start: 3, end: 4, reason: expect.stringContaining("after '-'") });
    expect(out[4]).toMatchObject({ id: "c5", verdict: "incorrect", reason: "sign flip", diagnosis: "known-mistake" });
    expect(out[5]).toMatchObject({ id: "c6", verdict: "error", reason: expect.stringContaining("too few usable points") });
    expect(out[6]).toMatchObject({ id: "c7", verdict: "invalid", start: 2, end: 3 });
    expect(out[7]).toMatchObject({ id: "c8", verdict: "correct", seed: 5 });
    expect(out[8]).toMatchObject({ verdict: "error" });
  });

  it("10,000 lines finish in a few seconds, in order", () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const c = SEED_CASES[i % SEED_CASES.length]!;
      const step = SEED_STEPS[c.step]!;
      lines.push(JSON.stringify({ id: `r${i}`, variables: SEED_VARIABLES, expected: step.expected, mistakes: step.mistakes, answer: c.answer }));
    }
    const r = runCli(["--jsonl"], lines.join("\n") + "\n");
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(out).toHaveLength(10_000);
    out.forEach((o, i) => {
      expect(o.id).toBe(`r${i}`);
      expect(o.verdict).toBe(SEED_CASES[i % SEED_CASES.length]!.verdict);
    });
    expect(r.ms).toBeLessThan(15_000);
  }, 30_000);

  it("convenience mode with the seed exercise's variables", () => {
    const r = runCli(["--expected", "a(1-a)", "--answer", "σ(z)^2"], "");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: "incorrect", canonical: "sigma(z)^2" });
  });

  it("gives the right verdict for every example of issue 12 (misreadings fixed by kind)", () => {
    const lines = ISSUE12_CASES.map((c, i) =>
      JSON.stringify({ id: `k${c.kind}-${i}`, variables: c.variables, expected: c.expected, answer: c.answer, ...(c.seed !== undefined ? { seed: c.seed } : {}) }),
    );
    const r = runCli(["--jsonl"], lines.join("\n") + "\n");
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(out).toHaveLength(ISSUE12_CASES.length);
    out.forEach((o, i) => {
      const c = ISSUE12_CASES[i]!;
      const label = `kind ${c.kind} (${c.family}): ${JSON.stringify(c.answer)} against ${JSON.stringify(c.expected)}`;
      expect(o.id, label).toBe(`k${c.kind}-${i}`);
      expect(o.verdict, `${label}: ${o.reason}`).toBe(c.verdict);
      if (c.includes !== undefined) expect(o.reason, label).toContain(c.includes);
      if (c.canonical !== undefined) expect(o.canonical, label).toBe(c.canonical);
      if (c.span !== undefined) expect([o.start, o.end], label).toEqual(c.span);
    });
  }, 30_000);
});
