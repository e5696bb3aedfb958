/** Placeholder while a slow page (gradebook, analytics, editor) renders on the server. */
export function PageLoading({ label }: { label: string }) {
  return (
    <div className="page-status" role="status" aria-live="polite">
      <p className="muted" style={{ margin: 0 }}>
        {label}
      </p>
      <div className="skeleton" style={{ height: "2.2rem", width: "55%" }} aria-hidden="true" />
      <div className="skeleton" style={{ height: "1rem", width: "80%" }} aria-hidden="true" />
      <div className="skeleton" style={{ height: "12rem" }} aria-hidden="true" />
    </div>
  );
}
