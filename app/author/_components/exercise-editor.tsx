"use client";

/**
 * The exercise editor: composes one component per part (editor/*) around one state hook
 * (useExerciseEditor). Live validation is the server's own (lib/authoring/validation); the save
 * and publish actions re-check everything.
 */
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { TestResult } from "@/lib/grading";
import type { Exercise } from "@/lib/exercises/definition";
import { blankStep, checkExercise } from "@/lib/authoring/validation";
import type { EditorMeta } from "@/lib/authoring/cores";
import { publishAction, saveExerciseAction, type PublishState, type SaveState } from "../actions";
import { RegradePanel } from "./regrade-panel";
import { useExerciseEditor } from "./editor/use-exercise-editor";
import { useEditorFields } from "./editor/fields";
import { JumpBar, StatusCard } from "./editor/editor-status";
import { BasicsSection } from "./editor/basics-section";
import { VariablesSection } from "./editor/variables-section";
import { StepEditor } from "./editor/step-editor";
import { move } from "./editor/row-buttons";
import { SavePublishSection } from "./editor/save-publish-section";
import { TestResultsTable } from "./editor/test-results-table";
import styles from "./editor.module.css";

export type EditorMetaProps = EditorMeta;

type Props = {
  initial: Exercise;
  meta: EditorMetaProps | null;
  courses: { id: string; title: string }[];
  /** Just created by the first save on /author/new: show that save's results here. */
  justCreated?: boolean;
};

type Results = { source: string; results: TestResult[]; exercise: Exercise };

export function ExerciseEditor({ initial, meta, courses, justCreated = false }: Props) {
  const router = useRouter();
  const editor = useExerciseEditor(initial);
  const { exercise, check, payload, update } = editor;
  const baseId = useId();
  const [saveState, saveFormAction, saving] = useActionState<SaveState, FormData>(saveExerciseAction, null);
  // A new exercise opens without errors: the live check speaks once the author has typed or saved
  // (issue 17 item 9: four errors greeted an empty form).
  const fresh = meta === null && !editor.dirty && saveState === null;
  const shownCheck = fresh ? { ...check, issues: [] } : check;
  const errorCount = fresh ? 0 : editor.errorCount;
  const warningCount = fresh ? 0 : editor.warningCount;
  const fields = useEditorFields(baseId, shownCheck.issues);
  const [results, setResults] = useState<Results | null>(() =>
    justCreated ? { source: "Results of the last save", results: checkExercise(initial).testResults, exercise: initial } : null,
  );
  const [publishState, publishFormAction, publishing] = useActionState<PublishState, FormData>(publishAction, null);

  // The payload that was submitted, so a successful save marks exactly that content as saved.
  const submitted = useRef(payload);
  // "Run question tests" shows its table below the fold: bring it into view (not after saves).
  const revealResults = useRef(false);
  useEffect(() => {
    if (!results || !revealResults.current) return;
    revealResults.current = false;
    const heading = document.getElementById("test-results-heading");
    heading?.scrollIntoView({ behavior: "smooth", block: "start" });
    heading?.focus({ preventScroll: true });
  }, [results]);
  // After a save: new exercises move to their own URL; test results of the save are shown.
  const { markSaved } = editor;
  useEffect(() => {
    if (!saveState?.ok) return;
    const saved = submitted.current;
    setResults({ source: "Results of the last save", results: saveState.testResults, exercise: JSON.parse(saved) as Exercise });
    markSaved(saved);
    if (!meta) router.replace(`/author/${saveState.exerciseId}?saved=1`);
    else router.refresh();
  }, [saveState, meta, router, markSaved]);
  useEffect(() => {
    if (publishState?.ok) router.refresh();
  }, [publishState, router]);

  const editorRef = useRef<HTMLDivElement>(null);
  const focusFirstError = () => {
    const field = editorRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!field) return;
    field.scrollIntoView({ behavior: "smooth", block: "center" });
    field.focus({ preventScroll: true });
  };

  return (
    <div className={styles.editor} ref={editorRef}>
      <JumpBar stepCount={exercise.steps.length} hasMeta={meta !== null} errorCount={errorCount} dirty={editor.dirty} onFirstError={focusFirstError} />
      <StatusCard baseId={baseId} meta={meta} check={shownCheck} errorCount={errorCount} warningCount={warningCount} dirty={editor.dirty} />
      <BasicsSection exercise={exercise} previewStatement={editor.deferred.statement} fields={fields} update={update} />
      <VariablesSection variables={exercise.variables} fields={fields} update={update} />

      <section aria-labelledby={`${baseId}-steps`}>
        <h2 id={`${baseId}-steps`}>Steps</h2>
        {fields.issues("steps")}
        {exercise.steps.map((step, i) => (
          <StepEditor
            key={i}
            index={i}
            count={exercise.steps.length}
            step={step}
            names={editor.names}
            variables={exercise.variables}
            fields={fields}
            update={(fn) => update((d) => fn(d.steps[i]!))}
            onMove={(to) => update((d) => move(d.steps, i, to))}
            onRemove={() => update((d) => void d.steps.splice(i, 1))}
          />
        ))}
        <button type="button" className="secondary" onClick={() => update((d) => void d.steps.push({ ...blankStep(d.steps.length + 1) }))}>
          Add step
        </button>
      </section>

      <SavePublishSection
        baseId={baseId}
        meta={meta}
        courses={courses}
        payload={payload}
        dirty={editor.dirty}
        justCreated={justCreated}
        save={{ state: saveState, action: saveFormAction, pending: saving, onSubmit: () => void (submitted.current = payload) }}
        publish={{ state: publishState, action: publishFormAction, pending: publishing }}
        onRunTests={() => {
          revealResults.current = true;
          setResults({ source: "Results of the editor's current content", results: check.testResults, exercise: editor.deferred });
        }}
      />

      {results ? <TestResultsTable source={results.source} results={results.results} exercise={results.exercise} /> : null}
      {meta ? <RegradePanel exerciseId={meta.id} version={meta.version} regradable={meta.regradable} total={meta.attemptsTotal} /> : null}
    </div>
  );
}
