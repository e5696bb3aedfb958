/**
 * Refuses passwords that are easy to guess: common and breached-list passwords, keyboard walks,
 * repeats, dates, dictionary words and the user's own name or email, as estimated by zxcvbn-ts.
 * NIST SP 800-63B asks for such a blocklist check in addition to the length rules; the length
 * rules stay in password-rules.ts (no composition rules: "Tr0ub4dor&3" is not required).
 *
 * The dictionaries are about 1.6 MB of JavaScript and take ~100 ms to index, so they are loaded
 * on the first check only (dynamic import), once per process, not when this module is imported.
 * No "server-only": nothing secret here, a form may use it too.
 */
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

/** zxcvbn scores 0–4; 3 = "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_PASSWORD_SCORE = 3;

let factory: Promise<ZxcvbnFactory> | undefined;

function loadFactory(): Promise<ZxcvbnFactory> {
  factory ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-en"),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  })();
  // A failed load (should not happen) must not be cached forever.
  factory.catch(() => {
    factory = undefined;
  });
  return factory;
}

/**
 * Null when the password is hard enough to guess, else a message for the password field that says
 * why and what helps, e.g. "This password is too easy to guess: This is a heavily used password.
 * Add more words that are less common." `userInputs` (name, email) make passwords built from them
 * weak too.
 */
export async function passwordStrengthProblem(password: string, userInputs: readonly string[] = []): Promise<string | null> {
  const zxcvbn = await loadFactory();
  const result = zxcvbn.check(password, userInputsFor(userInputs));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => !!s);
  if (advice.length === 0) advice.push("Add another word or two that are not related to each other.");
  return `This password is too easy to guess: ${advice.join(" ")}`;
}

/** The name and email, also split into words, so "jane.doe2026" is weak for Jane Doe. */
function userInputsFor(inputs: readonly string[]): string[] {
  const words = inputs.flatMap((input) => [input, ...input.split(/[^\p{L}\p{N}]+/u)]);
  return [...new Set(words.map((w) => w.trim().toLowerCase()).filter((w) => w.length >= 3))];
}
