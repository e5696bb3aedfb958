"use client";

import Link from "next/link";
import { issuePathText } from "@/lib/authoring/issue-text";
import type { EditorMeta } from "@/lib/authoring/cores";
import type { PublishState, SaveState } from "../../actions";
import styles from "../editor.module.css";

type Props = {
  baseId: string;
  meta: EditorMeta | null;
  courses: { id: string; title: string }[];
  payload: string;
  dirty: boolean;
  justCreated: boolean;
  save: { state: SaveState; action: (formData: FormData) => void; pending: boolean; onSubmit: () => void };
  publish: { state: PublishState; action: (formData: FormData) => void; pending: boolean };
  onRunTests: () => void;
};

/** Save (posts the editor's state as JSON), run question tests, preview, export, publish/unpublish. */
export function SavePublishSection({ baseId, meta, courses, payload, dirty, justCreated, save, publish, onRunTests }: Props) {
  const saveState = save.state;
  const publishState = publish.state;
  return (
    <section className={`card ${styles.actions}`} id="editor-save" aria-labelledby={`${baseId}-actions`}>
      <h2 id={`${baseId}-actions`} className={styles.compactHeading}>
        Save and publish
      </h2>
      <div className={styles.buttonRow}>
        <form action={save.action} onSubmit={save.onSubmit}>
          <input type="hidden" name="payload" value={payload} />
          {meta ? <input type="hidden" name="exerciseId" value={meta.id} /> : null}
          <button type="submit" disabled={save.pending}>
            {save.pending ? "Saving…" : "Save"}
          </button>
        </form>
        <button type="button" className="secondary" onClick={onRunTests}>
          Run question tests
        </button>
        {meta ? (
          <>
            <Link className="button secondary" href={`/author/${meta.id}/preview`}>
              Preview as student
            </Link>
            <a className="button secondary" href={`/author/${meta.id}/export`} download>
              Export JSON
            </a>
          </>
        ) : null}
      </div>
      <div aria-live="polite" role="status">
        {saveState && !saveState.ok ? <Failure formError={saveState.formError} lines={(saveState.issues ?? []).filter((i) => i.severity === "error").map((i) => `${issuePathText(i.path)}: ${i.message}`)} /> : null}
        {justCreated && !saveState ? <p className="notice ok">Saved version 1 as a draft.</p> : null}
        {saveState?.ok && !save.pending ? (
          <p className="notice ok">
            {saveState.staged ? (
              <>Saved as the draft of version {saveState.version}. Students still see version {meta?.version ?? "?"} until you publish the draft.</>
            ) : (
              <>
                Saved version {saveState.version}
                {saveState.newVersion ? " (a new version, because the previous one has attempts)" : ""}.
              </>
            )}
            {saveState.failingTests.length > 0 ? ` ${saveState.failingTests.length} question test(s) fail: publishing stays blocked until they pass.` : ""}
          </p>
        ) : null}
      </div>

      {meta ? (
        <form action={publish.action} className={styles.publish}>
          <input type="hidden" name="exerciseId" value={meta.id} />
          {meta.published ? (
            <button type="submit" name="intent" value="unpublish" className="secondary" disabled={publish.pending}>
              Unpublish
            </button>
          ) : (
            <>
              {courses.length > 0 ? (
                <div className="field">
                  <label htmlFor={`${baseId}-course`}>Assign to course on publish</label>
                  <select id={`${baseId}-course`} name="courseId" defaultValue={courses.find((c) => !meta.assignedCourses.some((a) => a.id === c.id))?.id ?? ""}>
                    <option value="">Don&apos;t assign</option>
                    {courses.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.title}
                        {meta.assignedCourses.some((a) => a.id === c.id) ? " (already assigned)" : ""}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
              <button type="submit" name="intent" value="publish" disabled={publish.pending}>
                Publish
              </button>
              {dirty ? <p className="muted">Publishing uses the last saved version: save your changes first.</p> : null}
            </>
          )}
          <div aria-live="polite" role="status">
            {publishState && !publishState.ok ? <Failure formError={publishState.formError} lines={publishState.failingTests ?? []} /> : null}
            {publishState?.ok ? <p className="notice ok">{publishState.published ? "Published." : "Unpublished."}</p> : null}
          </div>
          {meta.assignedCourses.length > 0 ? <p className="muted">Assigned to: {meta.assignedCourses.map((c) => c.title).join(", ")}</p> : null}
        </form>
      ) : (
        <p className="muted">Save the exercise to preview, publish or export it.</p>
      )}
    </section>
  );
}

/** A refused save or publish: the form's message and the list of what to fix. */
function Failure({ formError, lines }: { formError: string; lines: string[] }) {
  return (
    <div className="notice bad">
      <p className={styles.compactParagraph}>{formError}</p>
      {lines.length > 0 ? (
        <ul>
          {lines.map((line, k) => (
            <li key={k}>{line}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
