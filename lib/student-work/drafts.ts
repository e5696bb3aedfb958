import type { Db } from "@/lib/platform/db-client";

/**
 * Autosaved answer text, one per student × exercise × step key. Keyed by step key (not step id)
 * so a draft survives a new version of the exercise.
 */
export async function saveDraft(
  client: Db,
  input: { userId: string; exerciseId: string; stepKey: string; text: string },
): Promise<{ updatedAt: Date }> {
  const where = { userId_exerciseId_stepKey: { userId: input.userId, exerciseId: input.exerciseId, stepKey: input.stepKey } };
  const row = await client.draft.upsert({
    where,
    create: { userId: input.userId, exerciseId: input.exerciseId, stepKey: input.stepKey, text: input.text },
    update: { text: input.text },
    select: { updatedAt: true },
  });
  return row;
}

export type SavedDraft = { text: string; updatedAt: Date };

/** The student's drafts for an exercise: step key → text and when it was saved. */
export async function getDrafts(client: Db, userId: string, exerciseId: string): Promise<Record<string, SavedDraft>> {
  const rows = await client.draft.findMany({ where: { userId, exerciseId }, select: { stepKey: true, text: true, updatedAt: true } });
  return Object.fromEntries(rows.map((r) => [r.stepKey, { text: r.text, updatedAt: r.updatedAt }]));
}
