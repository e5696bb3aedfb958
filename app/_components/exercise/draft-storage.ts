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

/**
 * Removes every draft kept in this browser, of every user: called when someone signs out, so the
 * next person at a shared computer does not find their answers (issue #13 item 9). Unsent text is
 * lost with it — signing out is the moment the owner chose to leave.
 */
export function clearAllLocalDrafts(): void {
  try {
    const storage = window.localStorage;
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i);
      if (k?.startsWith("stepwise:draft:")) keys.push(k);
    }
    for (const k of keys) storage.removeItem(k);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
