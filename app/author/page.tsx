import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { requireInstructor } from "@/lib/auth/session";
import { listAuthoredExercises, listOwnedCourses } from "@/lib/authoring/cores";
import { ImportForm } from "./_components/import-form";
import styles from "./_components/editor.module.css";
import { ActionForm } from "@/app/courses/_components/action-form";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { deleteExerciseAction, duplicateExerciseAction } from "./actions";

export const metadata: Metadata = { title: "Author" };

export default async function AuthorPage() {
  await connection();
  const user = await requireInstructor({ next: "/author" });
  const [exercises, courses] = await Promise.all([listAuthoredExercises(db, user), listOwnedCourses(db, user)]);
  return (
    <>
      <h1>Your exercises</h1>
      <p>
        <Link className="button" href="/author/new">
          New exercise
        </Link>
      </p>
      {exercises.length === 0 ? (
        <p className="muted">You have not authored any exercise yet.</p>
      ) : (
        <ul className={styles.list}>
          {exercises.map((e) => (
            <li key={e.id} className="card">
              <Link href={`/author/${e.id}`}>{e.title}</Link>{" "}
              <span className={e.published ? "notice ok" : "notice warn"} style={{ padding: "0.1rem 0.5rem" }}>
                {e.published ? "published" : "draft"}
              </span>
              <p className={styles.meta}>
                <code>{e.slug}</code> · version {e.version} · {e.steps} step{e.steps === 1 ? "" : "s"} · {e.attempts} attempt{e.attempts === 1 ? "" : "s"}
                {e.courses.length > 0 ? ` · in ${e.courses.map((c) => c.title).join(", ")}` : ""}
              </p>
              <ActionForm action={duplicateExerciseAction}>
                <input type="hidden" name="exerciseId" value={e.id} />
                <button type="submit" className="secondary" aria-label={`Duplicate ${e.title}`}>
                  Duplicate
                </button>
              </ActionForm>
              {!e.published && e.attempts === 0 ? (
                <ActionForm action={deleteExerciseAction}>
                  <input type="hidden" name="exerciseId" value={e.id} />
                  <ConfirmButton
                    label={`Delete ${e.title}`}
                    title={`Delete “${e.title}”?`}
                    message="The draft and all its versions are deleted for good. (Exercises that students have worked on cannot be deleted.)"
                    confirmLabel="Delete exercise"
                  >
                    Delete
                  </ConfirmButton>
                </ActionForm>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ImportForm courses={courses} />
    </>
  );
}
