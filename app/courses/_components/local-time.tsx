"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** A date in the reader's own time zone; the server renders UTC until the browser takes over. */
export function LocalTime({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    subscribe,
    () => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }),
    () => `${iso.slice(0, 16).replace("T", " ")} UTC`,
  );
  return <time dateTime={iso}>{text}</time>;
}

/** Hidden field with the browser's offset from UTC, so a datetime-local value means local time. */
export function TimezoneOffsetInput() {
  const offset = useSyncExternalStore(subscribe, () => String(new Date().getTimezoneOffset()), () => "0");
  return <input type="hidden" name="tzOffset" value={offset} />;
}
