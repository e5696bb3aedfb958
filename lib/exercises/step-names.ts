import { latexToPlainText } from "@/lib/platform/latex-plain";

/**
 * How feedback names earlier steps ("dL/da (step 1)"): the step's title as plain text, else its key,
 * and its position. Shared by the student's checks and the editor's question tests, so a test's
 * `feedbackIncludes` matches what students will read.
 */
export function describeSteps(steps: readonly { key: string; title: string }[]): (keys: string[]) => string {
  return (keys) =>
    keys
      .map((k) => {
        const i = steps.findIndex((s) => s.key === k);
        return i < 0 ? k : `${latexToPlainText(steps[i]!.title) || k} (step ${i + 1})`;
      })
      .join(" and ");
}
