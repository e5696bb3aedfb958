import type { z } from "zod";

/**
 * Validation problems in words an instructor understands, decided from the zod issue's *code and
 * parameters* rather than from zod's English text, so a zod upgrade that rewords its messages
 * cannot bring developer wording ("Too small: expected string to have >=1 characters") back into
 * the editor. A message the schema itself wrote (a custom `error` or refinement) is kept as is.
 * Reference: zod 4 issue formats, https://zod.dev/error-customization and `z.core.$ZodIssue`.
 */
export function issueText(issue: z.core.$ZodIssue): string {
  if (!isZodDefault(issue.message)) return issue.message;
  switch (issue.code) {
    case "too_small": {
      const n = Number(issue.minimum);
      if (issue.origin === "string") return n <= 1 ? "Required." : `Use at least ${n} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return n <= 1 ? "Add at least one." : `Add at least ${n}.`;
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint") {
        return issue.inclusive === false ? `Use a number greater than ${n}.` : `Use a number of at least ${n}.`;
      }
      return "Too small.";
    }
    case "too_big": {
      const n = Number(issue.maximum);
      if (issue.origin === "string") return `Use at most ${n} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `At most ${n} allowed.`;
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint") {
        return issue.inclusive === false ? `Use a number less than ${n}.` : `Use a number of at most ${n}.`;
      }
      return "Too large.";
    }
    case "invalid_type":
      if (issue.expected === "number" || issue.expected === "int") return "Enter a number.";
      if (issue.expected === "string") return "Enter text.";
      if (issue.expected === "array") return "Expected a list.";
      if (issue.expected === "object") return "Expected an object.";
      return "Required.";
    case "invalid_format":
      return "This is not in the expected format.";
    case "invalid_value":
      return `Choose one of: ${issue.values.map((v) => String(v)).join(", ")}.`;
    case "unrecognized_keys":
      return `Unknown field${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.join(", ")}.`;
    case "not_multiple_of":
      return "Use a whole number.";
    default:
      return issue.message;
  }
}

/**
 * zod 4's own messages start with one of these phrases ("Too small: …", "Invalid input: …"); a
 * schema's custom messages in this project never do. Used only to decide whether the schema
 * wrote the message itself; the wording of the result never depends on zod's text.
 */
function isZodDefault(message: string): boolean {
  return /^(Too small|Too big|Invalid|Unrecognized key)/.test(message);
}

/** "steps[0].mistakes[1].feedback" → "Step 1 › known mistake 2 › feedback", for lists shown away from the field. */
export function issuePathText(path: string): string {
  return path
    .replace(/^steps\[(\d+)\]/, (_, n: string) => `Step ${Number(n) + 1}`)
    .replace(/^variables\[(\d+)\]/, (_, n: string) => `Variable ${Number(n) + 1}`)
    .replace(/\.(hints|mistakes|tests)\[(\d+)\]/g, (_, kind: string, n: string) => ` › ${kind === "hints" ? "hint" : kind === "mistakes" ? "known mistake" : "question test"} ${Number(n) + 1}`)
    .replace(/\./g, " › ");
}
