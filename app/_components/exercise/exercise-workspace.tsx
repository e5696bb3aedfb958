"use client";
import Link from "next/link";
import { useCallback, useState } from "react";
import type { ExerciseWorkspaceData } from "@/lib/student-work/exercise-page";
import { StepCard } from "./step-card";
import { TeX } from "./math";
import type { ExerciseActions } from "./types";
import styles from "./exercise.module.css";

type Props = { data: ExerciseWorkspaceData; userId: string; actions: ExerciseActions };

/** The steps (answerable in any order) and, once all are solved, the derivation shown back. */
export function ExerciseWorkspace({ data, userId, actions }: Props) {
  const [accepted, setAccepted] = useState<Record<string, string | null>>(() =>
    Object.fromEntries(data.steps.map((s) => [s.key, s.solved ? (s.acceptedLatex ?? "") : null])),
  );
  const onSolved = useCallback((stepKey: string, latex: string) => setAccepted((a) => ({ ...a, [stepKey]: latex })), []);
  // Follow-through statuses: a check can change a later step's status (it follows from this one).
  const [carried, setCarried] = useState<Record<string, boolean>>(() => Object.fromEntries(data.steps.map((s) => [s.key, s.carriedForward])));
  const onStatus = useCallback(
    (changes: { stepKey: string; carriedForward: boolean }[]) =>
      setCarried((c) => ({ ...c, ...Object.fromEntries(changes.map((x) => [x.stepKey, x.carriedForward])) })),
    [],
  );
  const solvedCount = data.steps.filter((s) => accepted[s.key] !== null && accepted[s.key] !== undefined).length;
  const complete = data.steps.length > 0 && solvedCount === data.steps.length;

  return (
    <>
      <p className="muted" aria-live="polite">
        {solvedCount} of {data.steps.length} steps solved
      </p>
      <div role="status" aria-live="polite">
        {complete ? (
          <section className={`card ${styles.complete}`} aria-labelledby="complete-heading">
            <h2 id="complete-heading">Exercise complete</h2>
            <p>Every step is solved. Your derivation, step by step, in your own words:</p>
            <ol className={styles.derivation}>
              {data.steps.map((s) => {
                const latex = accepted[s.key];
                return (
                  <li key={s.key}>
                    <TeX latex={latex ? `${s.titleLatex} = ${latex}` : s.titleLatex} />
                  </li>
                );
              })}
            </ol>
            <p>
              {data.next ? (
                <>
                  <Link className="button" href={data.next.href}>
                    Next exercise: {data.next.title}
                  </Link>{" "}
                </>
              ) : data.courseId ? (
                <>Every exercise in this course is complete. </>
              ) : null}
              <Link href="/progress">See all your progress</Link>
            </p>
          </section>
        ) : null}
      </div>
      <ol className={styles.steps} aria-label="Steps">
        {data.steps.map((step) => (
          <StepCard
            key={step.key}
            slug={data.slug}
            userId={userId}
            step={step}
            allVariables={data.allVariables}
            matrix={data.matrix}
            displayNames={data.displayNames}
            duePassed={data.duePassed}
            recorded={data.recorded}
            preview={data.preview}
            palette={data.palette}
            actions={actions}
            onSolved={onSolved}
            carriedForward={carried[step.key] ?? false}
            onStatus={onStatus}
          />
        ))}
      </ol>
    </>
  );
}
