"use client";

import { useActionState } from "react";
import Link from "next/link";
import { importAction, type ImportState } from "../actions";
import { IMPORT_MAX_BYTES, IMPORT_TOO_LARGE } from "@/lib/authoring/validation";

/** Upload a stepwise.exercises JSON file; a bad file is rejected whole, with its problems listed by JSON path. */
export function ImportForm({ courses }: { courses: { id: string; title: string }[] }) {
  const [state, formAction, pending] = useActionState<ImportState, FormData>((previous, data) => {
    // Larger files would be cut off by the server's request limit before the action could answer.
    const file = data.get("file");
    if (file instanceof File && file.size > IMPORT_MAX_BYTES) return { ok: false, status: 400, formError: IMPORT_TOO_LARGE };
    return importAction(previous, data);
  }, null);
  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading" style={{ marginTop: 0 }}>
        Import exercises
      </h2>
      <p className="muted">
        A JSON file in the <code>stepwise.exercises</code> format (see docs/exercise-format.md), as downloaded with &quot;Export JSON&quot;.
      </p>
      <form action={formAction}>
        <div className="field">
          <label htmlFor="import-file">JSON file</label>
          <input id="import-file" name="file" type="file" accept="application/json,.json" required />
        </div>
        {courses.length > 0 ? (
          <div className="field">
            <label htmlFor="import-course">Assign to course</label>
            <select id="import-course" name="courseId" defaultValue="">
              <option value="">Don&apos;t assign</option>
              {courses.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" disabled={pending}>
          {pending ? "Importing…" : "Import"}
        </button>
      </form>
      <div aria-live="polite" role="status">
        {state && !state.ok ? (
          <div className="notice bad">
            <p style={{ margin: 0 }}>{state.formError}</p>
            {state.issues && state.issues.length > 0 ? (
              <ul>
                {state.issues.map((i, k) => (
                  <li key={k}>
                    <code>{i.path}</code>: {i.severity === "warning" ? "(warning) " : ""}
                    {i.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {state?.ok ? (
          <p className="notice ok">
            Imported{" "}
            {state.imported.map((e, k) => (
              <span key={e.id}>
                {k > 0 ? ", " : ""}
                <Link href={`/author/${e.id}`}>{e.slug}</Link>
              </span>
            ))}
            .
          </p>
        ) : null}
      </div>
    </section>
  );
}
