"use client";

import { followsReferences } from "@/lib/grading";
import type { EditorFields } from "./fields";
import { ListEditor } from "./list-editor";
import { setOptional, type Step } from "./step-editor";
import styles from "../editor.module.css";

type Test = Step["tests"][number];
type Verdict = Test["verdict"];

/**
 * A step's question tests: an answer, the verdict it must get, optionally words its feedback must
 * contain; a "carried forward" row also states the earlier steps' answers it assumes (one box per
 * step the step follows from).
 */
export function QuestionTestsEditor({ step, stepIndex: i, fields, id, update }: { step: Step; stepIndex: number; fields: EditorFields; id: (suffix: string) => string; update: (fn: (s: Step) => void) => void }) {
  const p = `steps[${i}]`;
  const references = step.follows ? followsReferences(step.follows) : [];
  return (
    <ListEditor
      legend="Question tests"
      note="The expected answer and every known mistake are tested implicitly; add rows for other answers."
      layout="stacked"
      items={step.tests}
      rowLabel={(j) => `test ${j + 1} of step ${i + 1}`}
      addLabel="Add question test"
      newItem={(): Test => ({ answer: "", verdict: "correct" })}
      update={(fn) => update((s) => fn(s.tests))}
      renderItem={(t, j) => (
        <>
          <div className={styles.inline}>
            <div className="field">
              <label htmlFor={id(`t${j}-answer`)}>Test {j + 1} answer</label>
              <input
                id={id(`t${j}-answer`)}
                type="text"
                spellCheck={false}
                value={t.answer}
                onChange={(e) => update((s) => void (s.tests[j]!.answer = e.target.value))}
                {...fields.props(`${p}.tests[${j}]`)}
              />
            </div>
            <div className="field">
              <label htmlFor={id(`t${j}-verdict`)}>Test {j + 1} expected verdict</label>
              <select
                id={id(`t${j}-verdict`)}
                value={t.verdict}
                onChange={(e) =>
                  update((s) => {
                    const test = s.tests[j]!;
                    test.verdict = e.target.value as Verdict;
                    if (test.verdict !== "carried-forward") delete test.earlier;
                  })
                }
              >
                <option value="correct">correct</option>
                <option value="incorrect">incorrect</option>
                <option value="invalid">invalid</option>
                <option value="carried-forward">carried forward</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={id(`t${j}-fb`)}>Test {j + 1} feedback includes (optional)</label>
              <input id={id(`t${j}-fb`)} type="text" value={t.feedbackIncludes ?? ""} onChange={(e) => update((s) => setOptional(s.tests[j]!, "feedbackIncludes", e.target.value))} />
            </div>
          </div>
          {t.verdict === "carried-forward" ? (
            <div className={styles.inline}>
              {references.length === 0 ? <p className="muted">Fill in &ldquo;Follows from earlier steps&rdquo; first.</p> : null}
              {references.map((key) => (
                <div className="field" key={key}>
                  <label htmlFor={id(`t${j}-earlier-${key}`)}>
                    Test {j + 1}: student&apos;s answer to [{key}]
                  </label>
                  <input
                    id={id(`t${j}-earlier-${key}`)}
                    type="text"
                    spellCheck={false}
                    value={t.earlier?.[key] ?? ""}
                    onChange={(e) =>
                      update((s) => {
                        const test = s.tests[j]!;
                        test.earlier = { ...test.earlier, [key]: e.target.value };
                      })
                    }
                  />
                </div>
              ))}
            </div>
          ) : null}
          {fields.issues(`${p}.tests[${j}]`)}
          {fields.issues(`${p}.tests[${j}].answer`)}
          {fields.issues(`${p}.tests[${j}].verdict`)}
        </>
      )}
    />
  );
}
