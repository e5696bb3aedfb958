"use server";

/**
 * Authoring server actions: runAction (same origin, current user) → one lib/authoring core (which
 * checks role, authorship and input with zod) → revalidate. The editor posts its whole state as
 * JSON in a hidden field; it is parsed here only as JSON and re-validated by the core, never trusted.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/lib/auth/action";
import type { ActionFailure, ActionResult, PathIssue } from "@/lib/platform/action-result";
import type { FormState } from "@/app/courses/_components/action-form";
import {
  deleteExercise,
  discardStagedVersion,
  duplicateExercise,
  importForAuthor,
  publishExercise,
  publishStagedVersion,
  rollbackExercise,
  runQuestionTests,
  saveExercise,
  unpublishExercise,
  type SaveSuccess,
} from "@/lib/authoring/cores";
import { IMPORT_MAX_BYTES, IMPORT_TOO_LARGE } from "@/lib/authoring/validation";
import type { TestResult } from "@/lib/grading";

function field(formData: FormData, name: string): string | undefined {
  const v = formData.get(name);
  return typeof v === "string" && v !== "" ? v : undefined;
}

const MALFORMED: ActionFailure = { ok: false, status: 400, formError: "The editor sent malformed data; reload the page." };

function parseJson(text: string | undefined): { ok: true; value: unknown } | ActionFailure {
  try {
    return { ok: true, value: JSON.parse(text ?? "") };
  } catch {
    return MALFORMED;
  }
}

export type SaveState = ActionResult<SaveSuccess> | null;

export async function saveExerciseAction(_prev: SaveState, formData: FormData): Promise<SaveState> {
  const payload = parseJson(field(formData, "payload"));
  if (!payload.ok) return payload;
  const exerciseId = field(formData, "exerciseId");
  const result = await runAction(saveExercise, { exercise: payload.value, ...(exerciseId ? { exerciseId } : {}) });
  if (result.ok) {
    revalidatePath("/author");
    revalidatePath(`/author/${result.exerciseId}`);
    revalidatePath("/");
  }
  return result;
}

export type PublishState = ActionResult<{ assignedTo?: string | null; published: boolean }> | null;

export async function publishAction(_prev: PublishState, formData: FormData): Promise<PublishState> {
  const exerciseId = field(formData, "exerciseId") ?? "";
  if (field(formData, "intent") === "unpublish") {
    const result = await runAction(unpublishExercise, { exerciseId });
    if (result.ok) revalidatePath(`/author/${exerciseId}`);
    return result.ok ? { ok: true, published: false } : result;
  }
  const courseId = field(formData, "courseId");
  const result = await runAction(publishExercise, { exerciseId, ...(courseId ? { courseId } : {}) });
  if (result.ok) {
    revalidatePath("/author");
    revalidatePath(`/author/${exerciseId}`);
    revalidatePath("/");
  }
  return result.ok ? { ok: true, published: true, assignedTo: result.assignedTo } : result;
}

export async function runTestsAction(exerciseId: string): Promise<ActionResult<{ issues: PathIssue[]; testResults: TestResult[]; failingTests: string[] }>> {
  return runAction(runQuestionTests, { exerciseId });
}

export type ImportState = ActionResult<{ imported: { id: string; slug: string }[]; warnings: PathIssue[] }> | null;

export async function importAction(_prev: ImportState, formData: FormData): Promise<ImportState> {
  const file = formData.get("file");
  let text = field(formData, "text");
  if (text === undefined && file instanceof File && file.size > 0) {
    if (file.size > IMPORT_MAX_BYTES) return { ok: false, status: 400, formError: IMPORT_TOO_LARGE };
    text = await file.text();
  }
  if (text === undefined) return { ok: false, status: 400, formError: "Choose a JSON file to import.", fieldErrors: { file: ["required"] } };
  const courseId = field(formData, "courseId");
  const result = await runAction(importForAuthor, { text, ...(courseId ? { courseId } : {}) });
  if (result.ok) revalidatePath("/author");
  return result;
}

/** Deletes a draft exercise (unpublished, no attempts) from /author, after the confirmation dialog. */
export async function deleteExerciseAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(deleteExercise, { exerciseId: String(formData.get("exerciseId") ?? "") });
  if (result.ok) revalidatePath("/author");
  return result;
}

/** The staged draft's buttons (issue 17 item 5): publish it, discard it, or go back a version. */
export async function stagedVersionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const exerciseId = field(formData, "exerciseId") ?? "";
  const intent = field(formData, "intent");
  const core = intent === "publish" ? publishStagedVersion : intent === "discard" ? discardStagedVersion : intent === "rollback" ? rollbackExercise : null;
  if (!core) return MALFORMED;
  // The draft the page showed: publish and discard refuse if another save replaced it meanwhile.
  const stagedVersionId = field(formData, "stagedVersionId");
  const result = await runAction(core, { exerciseId, ...(stagedVersionId ? { stagedVersionId } : {}) });
  if (result.ok) {
    revalidatePath(`/author/${exerciseId}`);
    revalidatePath("/author");
  }
  return result.ok ? { ok: true } : result;
}

export async function duplicateExerciseAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runAction(duplicateExercise, { exerciseId: String(formData.get("exerciseId") ?? "") });
  if (!result.ok) return result;
  revalidatePath("/author");
  redirect(`/author/${result.exerciseId}?saved=1`);
}
