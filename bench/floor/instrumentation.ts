/** Empty on purpose: without it the build would pick up Stepwise's own instrumentation from the repository root. */
export function register(): void {}
