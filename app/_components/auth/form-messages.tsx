/** Form-level message, announced when it appears (role="alert" inside an always-present live region). */
export function FormError({ message, tone = "bad" }: { message?: string | undefined; tone?: "bad" | "ok" }) {
  return (
    <div aria-live="polite">
      {message ? (
        <p className={`notice ${tone}`} role={tone === "bad" ? "alert" : "status"}>
          {message}
        </p>
      ) : null}
    </div>
  );
}

export function FieldError({ id, messages }: { id: string; messages?: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="error-text" style={{ margin: 0 }}>
      {messages.join(" ")}
    </p>
  );
}
