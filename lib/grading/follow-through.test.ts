import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkFollows, followsReferences, followThroughKey, gradeWithFollowThrough } from "./follow-through";
import type { Variable } from "./types";

/** The seed derivation (shared/seed-exercise.md): L = −(y log a + (1−y) log(1−a)), a = σ(z). */
const seed: Variable[] = [
  { name: "z", range: [-4, 4] },
  { name: "y", range: [0, 1] },
  { name: "a", definition: "sigma(z)" },
];
const steps = [
  { key: "dL_da", expected: "-y/a + (1-y)/(1-a)" },
  { key: "da_dz", expected: "a(1-a)" },
  { key: "dL_dz", expected: "a - y" },
];
const dLdz = {
  expected: "a - y",
  follows: "[dL_da] * [da_dz]",
  mistakes: [
    { expression: "y - a", feedback: "The sign is flipped." },
    { expression: "(a-y)*a*(1-a)", feedback: "You multiplied by a(1 − a) where it should cancel." },
  ],
};
/** The classic chain-rule mistake in step 1: the −1 of d(1−a)/da forgotten. */
const chainMistake = "-y/a - (1-y)/(1-a)";
const describeKeys = (keys: string[]) => keys.map((k) => (k === "dL_da" ? "dL/da (step 1)" : k === "da_dz" ? "da/dz (step 2)" : k)).join(" and ");

describe("followsReferences / followThroughKey", () => {
  it("finds [key] references once each, in order", () => {
    expect(followsReferences("[dL_da] * [da_dz] + [dL_da]")).toEqual(["dL_da", "da_dz"]);
    expect(followsReferences("2*x")).toEqual([]);
  });
  it("builds a key over fresh names that cannot clash with the exercise's variables", () => {
    const ft = followThroughKey("[s1]*[s2]", { s1: "x", s2: "2" }, [{ name: "ftref_0", range: [0, 1] }]);
    expect(ft?.expected).toContain("ftref_1");
    expect(ft?.variables.map((v) => v.name)).toEqual(["ftref_0", "ftref_1", "ftref_2"]);
  });
  it("is null when a referenced answer is missing", () => {
    expect(followThroughKey("[s1]*[s2]", { s1: "x" }, seed)).toBeNull();
    expect(followThroughKey("[s1]", { s1: "  " }, seed)).toBeNull();
  });
});

describe("gradeWithFollowThrough: the rule", () => {
  it.each([
    // [case, answer, earlier answers, verdict]
    ["step 3 consistent with the chain-rule mistake in step 1 → carried forward", "-(y + a - 2ay)", { dL_da: chainMistake, da_dz: "a(1-a)" }, "carried-forward"],
    ["the same, unsimplified", "(-y/a - (1-y)/(1-a)) * a*(1-a)", { dL_da: chainMistake, da_dz: "a(1-a)" }, "carried-forward"],
    ["consistent with a wrong step 2 (da/dz = a)", "(-y/a + (1-y)/(1-a)) * a", { dL_da: "-y/a + (1-y)/(1-a)", da_dz: "a" }, "carried-forward"],
    ["the right answer is correct whatever the earlier answers", "a - y", { dL_da: chainMistake, da_dz: "a" }, "correct"],
    ["an answer that follows from nothing the student wrote → incorrect", "a + y", { dL_da: chainMistake, da_dz: "a(1-a)" }, "incorrect"],
    ["earlier answers all correct: a wrong step 3 stays incorrect", "-(y + a - 2ay)", { dL_da: "-y/a + (1-y)/(1-a)", da_dz: "a(1-a)" }, "incorrect"],
    ["a referenced step has no answer yet → graded against the key only", "-(y + a - 2ay)", { dL_da: chainMistake }, "incorrect"],
    ["a referenced answer that does not read counts as absent", "-(y + a - 2ay)", { dL_da: "-y/a -* 2", da_dz: "a(1-a)" }, "incorrect"],
    ["invalid input stays invalid (costs nothing)", "a -* y", { dL_da: chainMistake, da_dz: "a(1-a)" }, "invalid"],
  ])("%s", (_case, answer, earlier, verdict) => {
    expect(gradeWithFollowThrough(answer, dLdz, seed, earlier).verdict).toBe(verdict);
  });

  it("an answer equal to a known mistake is still that mistake, even when it also follows", () => {
    // Earlier answers chosen so that the follows expression equals the known mistake y − a.
    const r = gradeWithFollowThrough("y - a", dLdz, seed, { dL_da: "-(-y/a + (1-y)/(1-a))", da_dz: "a(1-a)" });
    expect(r).toMatchObject({ verdict: "incorrect", diagnosis: "known-mistake", feedback: "The sign is flipped." });
  });

  it("points at the wrong earlier step by its name", () => {
    const r = gradeWithFollowThrough("-(y + a - 2ay)", dLdz, seed, { dL_da: chainMistake, da_dz: "a(1-a)" }, { describe: describeKeys, wrong: ["dL_da"] });
    expect(r.verdict).toBe("carried-forward");
    expect(r.verdict === "carried-forward" && r.feedback).toMatch(/your dL\/da \(step 1\), which is not right yet/);
    expect(r.verdict === "carried-forward" && r.references).toEqual(["dL_da"]);
  });

  it("cannot be gamed: with correct earlier answers no wrong answer is ever carried forward (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom("a + y", "y - a", "-(y + a - 2ay)", "2a - y", "a*y", "a - y^2", "(a-y)*a*(1-a)"), (wrong) => {
        const r = gradeWithFollowThrough(wrong, dLdz, seed, { dL_da: "(a - y)/(a(1-a))", da_dz: "sigma(z)(1 - sigma(z))" });
        return r.verdict !== "carried-forward";
      }),
    );
  });

  it("carries forward whatever wrong factor the student wrote in step 2 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 1, max: 3 }), (k, p) => {
        const da = `${k}*a^${p}`; // a wrong da/dz
        const answer = `(-y/a + (1-y)/(1-a)) * ${k}*a^${p}`;
        return gradeWithFollowThrough(answer, dLdz, seed, { dL_da: "-y/a + (1-y)/(1-a)", da_dz: da }).verdict === "carried-forward";
      }),
    );
  });
});

describe("checkFollows (authoring)", () => {
  it("accepts the seed's declaration", () => {
    expect(checkFollows("[dL_da] * [da_dz]", 2, steps, seed)).toEqual([]);
  });
  it("refuses references to later steps, unknown steps, and nothing at all", () => {
    expect(checkFollows("[dL_dz]", 1, steps, seed)[0]).toMatch(/not an earlier step/);
    expect(checkFollows("[nope] * 2", 2, steps, seed)[0]).toMatch(/not a step of this exercise/);
    expect(checkFollows("2 * a", 2, steps, seed)[0]).toMatch(/at least one earlier step/);
  });
  it("refuses a declaration that, with the keys, is not the step's key", () => {
    expect(checkFollows("[dL_da] + [da_dz]", 2, steps, seed)[0]).toMatch(/not equal to this step's expected answer/);
  });
  it("refuses a declaration that does not read", () => {
    expect(checkFollows("[dL_da] * * [da_dz]", 2, steps, seed)[0]).toMatch(/does not read/);
  });
});
