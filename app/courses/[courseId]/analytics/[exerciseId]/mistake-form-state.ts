import type { ActionFailure } from "@/lib/platform/action-result";

export type MistakeFormState = ActionFailure | null;
