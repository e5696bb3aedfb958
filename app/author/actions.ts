"use server";

/**
 * Authoring server actions: thin wrappers (same-origin check → current user → lib core, which
 * checks role, authorship and input with zod) → revalidate. The editor posts its whole state as
 * JSON in a hidden field; it is parsed and re-validated here, never trusted.
 */
import { revalidatePath } from "next/cache";
import { db } from "@/lib/platform/db";
import { actionUser, toFailure } from "@/lib/auth/action-guard";
import {
  importForAuthor,
  previewGrade,
  publishExercise,
  runQuestionTests,
  saveExercise,
  unpublishExercise,
  type AuthoringFailure,
  type AuthoringResult,
  type PreviewGrade,
  type SaveSuccess,
} from "@/lib/authoring/cores";
import { IMPORT_MAX_BYTES, IMPORT_TOO_LARGE, type PathIssue } from "@/lib/authoring/validation";
import type { TestResult } from "@/lib/grading";

function field(formData: FormData, name: string): string | undefined {
  const v = formData.get(name);
  return typeof v === "string" && v !== "" ? v : undefined;
}

function parseJson(text: string | undefined): { ok: true; value: unknown } | { ok: false; failure: AuthoringFailure } {
  try {
    return { ok: true, value: JSON.parse(text ?? "") };
  } catch {
    return { ok: false, failure: { ok: false, status: 400, formError: "The editor sent malformed data; reload the page." } };
  }
}

async function guarded<T extends object>(fn: () => Promise<AuthoringResult<T>>): Promise<AuthoringResult<T>> {
  try {
    return await fn();
  } catch (error) {
    return toFailure(error);
  }
}

export type SaveState = AuthoringResult<SaveSuccess> | null;

export async function saveExerciseAction(_prev: SaveState, formData: FormData): Promise<SaveState> {
  return guarded(async () => {
    const user = await actionUser();
    const payload = parseJson(field(formData, "payload"));
    if (!payload.ok) return payload.failure;
    const exerciseId = field(formData, "exerciseId");
    const result = await saveExercise(user, { exercise: payload.value, ...(exerciseId ? { exerciseId } : {}) }, db);
    if (result.ok) {
      revalidatePath("/author");
      revalidatePath(`/author/${result.exerciseId}`);
      revalidatePath("/");
    }
    return result;
  });
}

export type PublishState = AuthoringResult<{ assignedTo?: string | null; published: boolean }> | null;

export async function publishAction(_prev: PublishState, formData: FormData): Promise<PublishState> {
  return guarded(async () => {
    const user = await actionUser();
    const exerciseId = field(formData, "exerciseId") ?? "";
    if (field(formData, "intent") === "unpublish") {
      const result = await unpublishExercise(user, { exerciseId }, db);
      if (result.ok) revalidatePath(`/author/${exerciseId}`);
      return result.ok ? { ok: true, published: false } : result;
    }
    const courseId = field(formData, "courseId");
    const result = await publishExercise(user, { exerciseId, ...(courseId ? { courseId } : {}) }, db);
    if (result.ok) {
      revalidatePath("/author");
      revalidatePath(`/author/${exerciseId}`);
      revalidatePath("/");
    }
    return result.ok ? { ok: true, published: true, assignedTo: result.assignedTo } : result;
  });
}

export async function runTestsAction(exerciseId: string): Promise<AuthoringResult<{ issues: PathIssue[]; testResults: TestResult[]; failingTests: string[] }>> {
  return guarded(async () => runQuestionTests(await actionUser(), { exerciseId }, db));
}

export async function previewGradeAction(input: { exerciseId: string; stepKey: string; answer: string }): Promise<AuthoringResult<{ result: PreviewGrade }>> {
  return guarded(async () => previewGrade(await actionUser(), input, db));
}

export type ImportState = AuthoringResult<{ imported: { id: string; slug: string }[]; warnings: PathIssue[] }> | null;

export async function importAction(_prev: ImportState, formData: FormData): Promise<ImportState> {
  return guarded(async () => {
    const user = await actionUser();
    const file = formData.get("file");
    let text = field(formData, "text");
    if (text === undefined && file instanceof File && file.size > 0) {
      if (file.size > IMPORT_MAX_BYTES) return { ok: false, status: 400, formError: IMPORT_TOO_LARGE };
      text = await file.text();
    }
    if (text === undefined) return { ok: false, status: 400, formError: "Choose a JSON file to import.", fieldErrors: { file: ["required"] } };
    const courseId = field(formData, "courseId");
    const result = await importForAuthor(user, { text, ...(courseId ? { courseId } : {}) }, db);
    if (result.ok) revalidatePath("/author");
    return result;
  });
}
