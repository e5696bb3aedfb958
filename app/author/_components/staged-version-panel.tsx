import type { EditorMeta } from "@/lib/authoring/cores";
import { ActionForm } from "@/app/courses/_components/action-form";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { stagedVersionAction } from "../actions";

/**
 * A published exercise's versions (issue 17 item 5): the staged draft with what it changes, and
 * the buttons that publish or discard it — or, with no draft, go back to the previous version.
 */
export function StagedVersionPanel({ meta }: { meta: EditorMeta }) {
  if (!meta.published && !meta.staged) return null;
  return (
    <section className="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading" style={{ marginTop: 0 }}>
        Versions
      </h2>
      {meta.staged ? (
        <>
          <p>
            <strong>Draft of version {meta.staged.version}</strong>: students still see version {meta.version}. The editor below shows the draft.
          </p>
          {meta.staged.changes.length === 0 ? (
            <p className="muted">The draft is the same as version {meta.version}.</p>
          ) : (
            <ul aria-label={`Changes in the draft of version ${meta.staged.version}`}>
              {meta.staged.changes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          )}
          <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
            <ActionForm action={stagedVersionAction} successMessage="Published.">
              <input type="hidden" name="exerciseId" value={meta.id} />
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="stagedVersionId" value={meta.staged.id} />
              <button type="submit">Publish version {meta.staged.version}</button>
            </ActionForm>
            <ActionForm action={stagedVersionAction} successMessage="Draft discarded.">
              <input type="hidden" name="exerciseId" value={meta.id} />
              <input type="hidden" name="intent" value="discard" />
              <input type="hidden" name="stagedVersionId" value={meta.staged.id} />
              <ConfirmButton
                title={`Discard the draft of version ${meta.staged.version}?`}
                message={`Its changes are lost. Students keep seeing version ${meta.version}.`}
                confirmLabel="Discard draft"
              >
                Discard draft
              </ConfirmButton>
            </ActionForm>
          </div>
        </>
      ) : (
        <p>
          Students see version {meta.version}. Saving changes stages them as a draft of the next version: nothing changes for students until you publish
          it.
        </p>
      )}
      {!meta.staged && meta.previousVersion !== null ? (
        <ActionForm action={stagedVersionAction} successMessage="Done: students now see the previous version.">
          <input type="hidden" name="exerciseId" value={meta.id} />
          <input type="hidden" name="intent" value="rollback" />
          <ConfirmButton
            title={`Go back to version ${meta.previousVersion}?`}
            message={`Version ${meta.previousVersion} becomes the one students work on, at once. Attempts made under version ${meta.version} are kept and can be regraded.`}
            confirmLabel={`Go back to version ${meta.previousVersion}`}
          >
            {`Go back to version ${meta.previousVersion}`}
          </ConfirmButton>
        </ActionForm>
      ) : null}
    </section>
  );
}
