import type { Db } from "@/lib/platform/db-client";
import { fastSql, newId } from "@/lib/platform/fast-sql";

/**
 * Autosaved answer text, one per student × exercise × step key. Keyed by step key (not step id)
 * so a draft survives a new version of the exercise.
 */
export async function saveDraft(
  client: Db,
  input: { userId: string; exerciseId: string; stepKey: string; text: string },
): Promise<{ updatedAt: Date }> {
  // Runs on every pause in typing: one prepared statement, not Prisma's query compiler (docs/decisions/012).
  const sql = await fastSql(client);
  const row = await sql.get<{ updatedAt: Date }>(
    `INSERT INTO "Draft" ("id", "userId", "exerciseId", "stepKey", "text", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT ("userId", "exerciseId", "stepKey") DO UPDATE SET "text" = excluded."text", "updatedAt" = excluded."updatedAt"
     RETURNING "updatedAt"`,
    [newId(), input.userId, input.exerciseId, input.stepKey, input.text, new Date()],
  );
  return { updatedAt: row!.updatedAt };
}

export type SavedDraft = { text: string; updatedAt: Date };

/** The student's drafts for an exercise: step key → text and when it was saved. */
export async function getDrafts(client: Db, userId: string, exerciseId: string): Promise<Record<string, SavedDraft>> {
  const rows = await (await fastSql(client)).all<{ stepKey: string; text: string; updatedAt: Date }>(
    `SELECT "stepKey", "text", "updatedAt" FROM "Draft" WHERE "userId" = ? AND "exerciseId" = ?`,
    [userId, exerciseId],
  );
  return Object.fromEntries(rows.map((r) => [r.stepKey, { text: r.text, updatedAt: r.updatedAt }]));
}
