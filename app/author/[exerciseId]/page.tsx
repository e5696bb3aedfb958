import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { requireInstructor } from "@/lib/auth/session";
import { getExerciseForEditor, listOwnedCourses } from "@/lib/authoring/cores";
import { ExerciseEditor } from "../_components/exercise-editor";
import { StagedVersionPanel } from "../_components/staged-version-panel";

type Props = { params: Promise<{ exerciseId: string }>; searchParams: Promise<{ saved?: string }> };

export const metadata: Metadata = { title: "Edit exercise" };

export default async function EditExercisePage({ params, searchParams }: Props) {
  await connection();
  const { exerciseId } = await params;
  const user = await requireInstructor({ next: `/author/${exerciseId}` });
  const result = await getExerciseForEditor(db, user, { exerciseId });
  // Someone else's exercise looks the same as a missing one.
  if (!result.ok) notFound();
  const courses = await listOwnedCourses(db, user);
  return (
    <>
      <p>
        <Link href="/author">← Your exercises</Link>
      </p>
      <h1>Edit: {result.exercise.title}</h1>
      <StagedVersionPanel meta={result.meta} />
      {/* Keyed by the versions: publishing, discarding or going back reloads the editor's content. */}
      <ExerciseEditor
        key={`${result.meta.version}-${result.meta.staged?.version ?? "live"}`}
        initial={result.exercise}
        meta={result.meta}
        courses={courses}
        justCreated={(await searchParams).saved === "1"}
      />
    </>
  );
}
