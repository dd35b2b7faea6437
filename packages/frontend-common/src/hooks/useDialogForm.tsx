import { useEffect, useState } from 'react';
import { FormTextField } from '../components/FormTextField';
import { useAction } from './useAction';

/** What a text field of the form may add: a hint, `required`, a `type`. */
export interface DialogTextFieldOptions {
  /** The hint under the field. */
  helperText?: string;
  /** Marks the field as required (the check is the form's). */
  required?: boolean;
  /** e.g. `datetime-local`. */
  type?: string;
}

/** The fields of a form `F` that hold text. */
export type StringKeys<F> = {
  [K in keyof F]: F[K] extends string ? K : never;
}[keyof F];

/**
 * The state of a dialog's form: `initial()` again each time the dialog
 * opens, `update` for some fields, and `submit(build, send, done)`, which
 * turns the form into a body with `build` (an Error thrown there is shown
 * in the form and nothing is sent), sends it and calls `done` with the
 * answer. `error` is what to show: the backend's error or the form's.
 * `textField(name, label)` is a {@link FormTextField} bound to a text field
 * of the form, with the id `<idPrefix>-<name>`.
 */
export function useDialogForm<F>(
  open: boolean,
  initial: () => F,
  idPrefix = 'form',
) {
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

  const textField = (
    name: StringKeys<F> & string,
    label: string,
    options: DialogTextFieldOptions = {},
  ) => (
    <FormTextField
      key={name}
      id={`${idPrefix}-${name}`}
      label={label}
      value={form[name] as string}
      onChange={value => update({ [name]: value } as Partial<F>)}
      {...options}
    />
  );

  return {
    form,
    textField,
    setForm,
    update,
    busy,
    error: error ?? (problem ? new Error(problem) : undefined),
    submit,
  };
}
