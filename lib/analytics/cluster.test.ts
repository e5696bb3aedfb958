import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fingerprint, fingerprintsEqual, type Variable } from "@/lib/grading";
import { seedExercises } from "@/prisma/fixtures";
import { clusterWrongAnswers, FingerprintIndex, sameMistake, type WrongAnswer } from "./cluster";

const logistic = seedExercises.find((e) => e.slug === "logistic-regression-gradient");
if (!logistic) throw new Error("seed exercise missing");
const variables = logistic.variables as Variable[];
const dLda = logistic.steps[0];
if (!dLda) throw new Error("step missing");
const step = { variables, mistakes: dLda.mistakes, expected: dLda.expected };

const wrong = (answer: string, userId = "u1"): WrongAnswer => ({ answer, userId });

describe("clusterWrongAnswers", () => {
  it("puts equivalent spellings of one mistake into one cluster, matched to its known mistake", () => {
    const spellings = ["y/a - (1-y)/(1-a)", "y/a-(1-y)/(1-a)", "(y-a)/(a(1-a))", "y/σ(z) - (1-y)/(1-σ(z))", "y/a − (1−y)/(1−a)"];
    const answers = spellings.map((s, i) => wrong(s, `u${i}`));
    answers.push(wrong("y/a - (1-y)/(1-a)", "u0")); // the same student twice

    const { clusters, invalid, total } = clusterWrongAnswers(answers, step);

    expect(total).toBe(6);
    expect(invalid).toBe(0);
    expect(clusters).toHaveLength(1);
    const [c] = clusters;
    expect(c?.size).toBe(6);
    expect(c?.students).toBe(5);
    expect(c?.spellings.map((s) => s.text).sort()).toEqual([...spellings].sort());
    expect(c?.representative.text).toBe("y/a - (1-y)/(1-a)");
    expect(c?.representative.latex).toContain("\\frac{y}{a}");
    expect(c?.knownMistake?.index).toBe(0);
    expect(c?.matchesExpected).toBe(false);
  });

  it("never merges distinct mistakes, even ones that differ by a tiny constant", () => {
    const distinct = [
      "y/a - (1-y)/(1-a)",
      "-y/a - (1-y)/(1-a)",
      "1/a - 1/(1-a)",
      "log(a)",
      "a - y",
      "a - y + 0.00001",
      "(a - y)*1.0001",
      "y - a",
      "a*(1-a)",
    ];
    const { clusters } = clusterWrongAnswers(distinct.map((s) => wrong(s)), step);
    expect(clusters).toHaveLength(distinct.length);
    for (const c of clusters) expect(c.size).toBe(1);
    const unrecognised = clusters.find((c) => c.representative.text === "1/a - 1/(1-a)");
    expect(unrecognised?.knownMistake).toBeNull();
    expect(clusters.find((c) => c.representative.text === "log(a)")?.knownMistake?.index).toBe(3);
  });

  it("keeps values that agree within the grading tolerance together", () => {
    const { clusters } = clusterWrongAnswers([wrong("1/a - 1/(1-a)"), wrong("(1/a - 1/(1-a))*(1 + 1e-10)"), wrong("(1-2a)/(a(1-a))")], step);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]?.size).toBe(3);
  });

  it("excludes invalid answers", () => {
    const answers = [wrong("a -* y"), wrong("q + 1"), wrong(""), wrong("sin("), wrong("1/a - 1/(1-a)")];
    const { clusters, invalid, total } = clusterWrongAnswers(answers, step);
    expect(total).toBe(5);
    expect(invalid).toBe(4);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]?.spellings).toEqual([{ text: "1/a - 1/(1-a)", count: 1 }]);
  });

  it("flags a cluster equal to the key (e.g. rejected by a form requirement)", () => {
    const { clusters } = clusterWrongAnswers([wrong("(a-y)/(a(1-a))")], step);
    expect(clusters[0]?.matchesExpected).toBe(true);
    expect(clusters[0]?.knownMistake).toBeNull();
  });

  it("uses the stored canonical form as cache key and collects attempt ids", () => {
    const answers: WrongAnswer[] = [
      { answer: "y/a-(1-y)/(1-a)", canonical: "y/a - (1 - y)/(1 - a)", attemptId: "1" },
      { answer: "y/a - (1-y)/(1-a)", canonical: "y/a - (1 - y)/(1 - a)", attemptId: "2" },
      { answer: "(y-a)/(a(1-a))", canonical: "(y - a)/(a*(1 - a))", attemptId: "3" },
    ];
    const { clusters } = clusterWrongAnswers(answers, step);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]?.attemptIds.sort()).toEqual(["1", "2", "3"]);
    expect(clusters[0]?.spellings).toHaveLength(3);
  });

  it("accepts any iterable; lists attempt ids by spelling group (first seen first), then in answer order", () => {
    function* answers(): Generator<WrongAnswer> {
      yield { answer: "y/a - (1-y)/(1-a)", canonical: "c1", attemptId: "1", userId: "u1" };
      yield { answer: " (y-a)/(a(1-a)) ", attemptId: "2", userId: "u2" };
      yield { answer: "y/a-(1-y)/(1-a)", canonical: "c1", attemptId: "3", userId: "u1" };
      yield { answer: "a -* y", attemptId: "4" };
    }
    const { clusters, invalid, total } = clusterWrongAnswers(answers(), step);
    expect({ invalid, total }).toEqual({ invalid: 1, total: 4 });
    expect(clusters[0]?.attemptIds).toEqual(["1", "3", "2"]);
    expect(clusters[0]?.students).toBe(2);
    expect(clusters[0]?.spellings.map((s) => s.text).sort()).toEqual(["(y-a)/(a(1-a))", "y/a - (1-y)/(1-a)", "y/a-(1-y)/(1-a)"]);
  });

  it("orders clusters by size", () => {
    const answers = [wrong("log(a)"), wrong("1/a - 1/(1-a)"), wrong("1/a-1/(1-a)"), wrong("y/a - (1-y)/(1-a)"), wrong("y/a-(1-y)/(1-a)"), wrong("(y-a)/(a*(1-a))")];
    const sizes = clusterWrongAnswers(answers, step).clusters.map((c) => c.size);
    expect(sizes).toEqual([3, 2, 1]);
  });

  it("sameMistake compares two expressions by fingerprint", () => {
    expect(sameMistake("(y-a)/(a(1-a))", "y/a - (1-y)/(1-a)", step)).toBe(true);
    expect(sameMistake("1/a - 1/(1-a)", "y/a - (1-y)/(1-a)", step)).toBe(false);
    expect(sameMistake("a -* y", "y/a - (1-y)/(1-a)", step)).toBe(false);
  });
});

describe("FingerprintIndex", () => {
  // The bucketed look-up must give the same clusters as comparing with every cluster.
  it("agrees with a naive all-pairs clustering, including values near cell boundaries", () => {
    const names = ["a", "y", "z"];
    const term = fc.tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom(...names, "1", "a*y", "1/a"));
    const expr = fc.array(term, { minLength: 1, maxLength: 3 }).map((ts) => ts.map(([c, t]) => `${c}*${t}`).join(" + "));
    // Scale factors so that some pairs agree within tolerance and others just miss it.
    const scale = fc.constantFrom(1, 1 + 1e-12, 1 + 5e-7, 1 + 3e-6, 1.001);
    fc.assert(
      fc.property(fc.array(fc.tuple(expr, scale), { minLength: 1, maxLength: 25 }), (items) => {
        const fps = items
          .map(([e, s]) => fingerprint(`(${e})*${s}`, variables))
          .filter((fp): fp is number[] => fp !== null);
        const index = new FingerprintIndex();
        const naive: number[][] = [];
        for (const fp of fps) {
          const fast = index.find(fp);
          const slow = naive.findIndex((rep) => fingerprintsEqual(rep, fp));
          // Both find a match or both don't; when several reps agree, either is a valid answer.
          expect(fast >= 0).toBe(slow >= 0);
          if (fast < 0) {
            index.add(fp);
            naive.push(fp);
          } else expect(fingerprintsEqual(index.fingerprints[fast] as number[], fp)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  /** The documented probe order, with string keys: cells of each coordinate (primary, then nearer neighbour), coordinate 0 slowest. */
  function referenceFind(indexed: number[][], fp: number[]): number {
    const cell = (v: number) => {
      if (!Number.isFinite(v)) return { p: "x", q: null };
      const t = (Math.sign(v) * Math.log1p(Math.abs(v) / 1e-6)) / 1e-2;
      const c = Math.floor(t);
      return { p: String(c), q: String(t - c < 0.5 ? c - 1 : c + 1) };
    };
    const keyOf = (f: number[]) => f.slice(0, 4).map((v) => cell(v).p).join("|");
    let keys = [""];
    for (const v of fp.slice(0, 4)) {
      const { p, q } = cell(v);
      keys = keys.flatMap((k) => [k === "" ? p : `${k}|${p}`, ...(q === null ? [] : [k === "" ? q : `${k}|${q}`])]);
    }
    for (const key of keys) {
      for (let id = 0; id < indexed.length; id++) {
        if (keyOf(indexed[id] as number[]) === key && fingerprintsEqual(indexed[id] as number[], fp)) return id;
      }
    }
    return -1;
  }

  it("returns exactly the cluster the documented probe order finds (also for short and non-finite fingerprints)", () => {
    const value = fc.oneof(
      fc.constantFrom(0, 1, -1, 1e-9, 5e-7, 1e6, NaN, Infinity, -Infinity),
      fc.double({ min: -10, max: 10, noNaN: true }),
    );
    const nudge = fc.constantFrom(1, 1 + 1e-12, 1 + 5e-7, 1 + 3e-6, 1 + 8e-3, 1.01);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(fc.array(value, { minLength: 6, maxLength: 6 }), nudge), { minLength: 1, maxLength: 30 }), (len, items) => {
        // Few base vectors, many nudged copies: several indexed fingerprints often agree with one query.
        const fps = items.map(([, s], i) => {
          const base = (items[i % 3] as (typeof items)[number])[0].slice(0, len);
          return base.map((v, j) => (j === i % len ? v * s : v));
        });
        const index = new FingerprintIndex();
        const indexed: number[][] = [];
        for (const fp of fps) {
          const found = index.find(fp);
          expect(found).toBe(referenceFind(indexed, fp));
          if (found < 0) {
            index.add(fp);
            indexed.push(fp);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
