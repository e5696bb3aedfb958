import { describe, expect, it } from "vitest";
import { z } from "zod";
import { exerciseSchema } from "@/lib/exercises/definition";
import { issuePathText, issueText } from "./issue-text";
import { zodIssues } from "./validation";

/** The first issue zod reports for `value` against `schema`, in the editor's words. */
function said(schema: z.ZodType, value: unknown): string {
  const r = schema.safeParse(value);
  if (r.success) throw new Error("expected a validation error");
  return issueText(r.error.issues[0]!);
}

const valid = {
  slug: "power-rule",
  title: "Power rule",
  statement: "",
  published: false,
  variables: [{ name: "x", range: [-2, 2] }],
  steps: [{ key: "dx", title: "f'", prompt: "", expected: "2x" }],
};

describe("issueText: one plain message per kind of zod issue", () => {
  it.each([
    ["too_small, string of at least 1 (required)", z.string().min(1), "", "Required."],
    ["too_small, string of at least n", z.string().min(3), "ab", "Use at least 3 characters."],
    ["too_big, string", z.string().max(5), "abcdefg", "Use at most 5 characters."],
    ["too_small, array of at least 1", z.array(z.string()).min(1), [], "Add at least one."],
    ["too_small, array of at least n", z.array(z.string()).min(2), ["a"], "Add at least 2."],
    ["too_big, array", z.array(z.string()).max(1), ["a", "b"], "At most 1 allowed."],
    ["too_small, number", z.number().min(0), -1, "Use a number of at least 0."],
    ["too_small, positive number", z.number().positive(), 0, "Use a number greater than 0."],
    ["too_big, number", z.number().max(100), 101, "Use a number of at most 100."],
    ["invalid_type, number given NaN (an emptied number field)", z.number(), Number.NaN, "Enter a number."],
    ["invalid_type, string given a number", z.string(), 3, "Enter text."],
    ["invalid_type, missing object", z.object({ a: z.string() }), undefined, "Expected an object."],
    ["invalid_value, enum", z.enum(["correct", "incorrect"]), "maybe", "Choose one of: correct, incorrect."],
    ["unrecognized_keys, strict object", z.object({ a: z.string() }).strict(), { a: "x", b: 1 }, "Unknown field: b."],
    ["not_multiple_of, int step", z.number().multipleOf(1), 1.5, "Use a whole number."],
    ["invalid_format without a message of the schema's own", z.string().regex(/^a+$/), "b", "This is not in the expected format."],
  ])("%s", (_kind, schema, value, expected) => {
    expect(said(schema as z.ZodType, value)).toBe(expected);
  });

  it("keeps messages the schema wrote itself (custom errors and refinements)", () => {
    expect(said(z.string().regex(/^a+$/, "use only a"), "b")).toBe("use only a");
    expect(said(z.array(z.string()).min(1, "declare at least one variable"), [])).toBe("declare at least one variable");
    expect(said(z.string().refine(() => false, "not a step key"), "x")).toBe("not a step key");
  });

  it("is what the exercise schema's located issues say (no developer wording reaches the editor)", () => {
    const issues = zodIssues(exerciseSchema.safeParse({ ...valid, title: "", steps: [{ ...valid.steps[0], attemptsBeforeSolution: Number.NaN }] }).error!);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "title", message: "Required." }),
        expect.objectContaining({ path: "steps[0].attemptsBeforeSolution", message: "Enter a number." }),
      ]),
    );
    for (const i of issues) expect(i.message).not.toMatch(/^(Too small|Too big|Invalid input)/);
  });
});

describe("issuePathText", () => {
  it("names steps, variables and list rows in words, 1-based", () => {
    expect(issuePathText("steps[0].mistakes[1].feedback")).toBe("Step 1 › known mistake 2 › feedback");
    expect(issuePathText("steps[2].hints[0]")).toBe("Step 3 › hint 1");
    expect(issuePathText("steps[1].tests[3].answer")).toBe("Step 2 › question test 4 › answer");
    expect(issuePathText("variables[0].range")).toBe("Variable 1 › range");
    expect(issuePathText("slug")).toBe("slug");
  });
});
