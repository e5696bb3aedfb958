"use client";

import { useActionState, useTransition, type FormEvent } from "react";

/**
 * useActionState for a form whose typed values must survive a refused submission (issue 17 item 9:
 * a wrong join code on sign-up cleared the password). React 19 resets a `<form action={…}>` after
 * every submission; submitting from onSubmit inside a transition runs the same action without that
 * reset. `action` stays on the form for submissions before hydration (no JavaScript yet).
 */
export function useKeptFormAction<S>(action: (previous: Awaited<S>, formData: FormData) => S | Promise<S>, initial: Awaited<S>) {
  const [state, formAction, pending] = useActionState<S, FormData>(action, initial);
  const [, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(data));
  };
  return { state, formAction, pending, onSubmit };
}
