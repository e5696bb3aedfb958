export type MistakeFormState = { ok: false; formError: string; fieldErrors?: Record<string, string[] | undefined> } | null;
