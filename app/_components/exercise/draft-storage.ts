"use client";
/**
 * Local fallback for unsent text: every keystroke is kept in localStorage until the server has
 * confirmed the draft, so a server restart or a lost connection never loses what was typed.
 */
export type LocalDraft = { text: string; at: number };

function key(userId: string, slug: string, stepKey: string): string {
  return `stepwise:draft:${userId}:${slug}:${stepKey}`;
}

export function readLocalDraft(userId: string, slug: string, stepKey: string): LocalDraft | null {
  try {
    const raw = window.localStorage.getItem(key(userId, slug, stepKey));
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === "object" && "text" in value && "at" in value && typeof value.text === "string" && typeof value.at === "number") {
      return { text: value.text, at: value.at };
    }
  } catch {
    // Storage disabled or corrupt: the server draft is all we have.
  }
  return null;
}

export function writeLocalDraft(userId: string, slug: string, stepKey: string, text: string): void {
  try {
    window.localStorage.setItem(key(userId, slug, stepKey), JSON.stringify({ text, at: Date.now() } satisfies LocalDraft));
  } catch {
    // Quota or private mode: autosave to the server still runs.
  }
}

export function clearLocalDraft(userId: string, slug: string, stepKey: string): void {
  try {
    window.localStorage.removeItem(key(userId, slug, stepKey));
  } catch {
    // ignore
  }
}
