import { useEffect, useState } from 'react';
import { useAction } from '@controlplane/frontend-common';

/**
 * The state of a dialog's form: `initial()` again each time the dialog
 * opens, `update` for some fields, and `submit(build, send, done)`, which
 * turns the form into a body with `build` (an Error thrown there is shown
 * in the form and nothing is sent), sends it and calls `done` with the
 * answer. `error` is what to show: the backend's error or the form's.
 */
export function useDialogForm<F>(open: boolean, initial: () => F) {
  const [form, setForm] = useState<F>(initial);
  const [problem, setProblem] = useState<string>();
  const { busy, error, run, clearError } = useAction();

  useEffect(() => {
    if (open) {
      setForm(initial());
      setProblem(undefined);
      clearError();
    }
    // Reset on opening only; `initial` is a new function on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const update = (change: Partial<F>) =>
    setForm(current => ({ ...current, ...change }));

  const submit = async <Body, Answer>(
    build: (form: F) => Body,
    send: (body: Body) => Promise<Answer>,
    done: (answer: Answer) => void,
  ) => {
    let body: Body;
    try {
      body = build(form);
    } catch (e) {
      setProblem((e as Error).message);
      return;
    }
    setProblem(undefined);
    const result = await run(() => send(body));
    if (result.ok) done(result.value);
  };

  return {
    form,
    setForm,
    update,
    busy,
    error: error ?? (problem ? new Error(problem) : undefined),
    submit,
  };
}
