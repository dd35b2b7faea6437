import { ReactNode, useEffect, useState } from 'react';
import { TextField, Typography } from '@material-ui/core';
import { Autocomplete, createFilterOptions } from '@material-ui/lab';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { CatalogApi, catalogApiRef } from '@backstage/plugin-catalog-react';

/** An entity to choose: its ref (the value) and its name (what people read). */
interface Choice {
  ref: string;
  name: string;
}

/** The props of {@link EntityRefPicker}. */
export interface EntityRefPickerProps {
  /** The field's id (its label points at it). */
  id: string;
  /** The field's label, e.g. `Owner`. */
  label: string;
  /** The ref typed or chosen so far; `''` for none. */
  value: string;
  /** Called with the ref as typed, or the chosen entity's full ref. */
  onChange: (ref: string) => void;
  /** The kinds offered; default those of owners, `['Group', 'User']`. */
  kinds?: readonly string[];
  /** The hint under the field, e.g. what a valid ref looks like. */
  helperText?: ReactNode;
  /** Shows the field as invalid. */
  error?: boolean;
  /** Marks the field as required. */
  required?: boolean;
}

const OWNER_KINDS = ['Group', 'User'];

/** The catalog's entities of `kinds` to choose from, by name. */
async function loadChoices(
  catalogApi: CatalogApi,
  kinds: string[],
): Promise<Choice[]> {
  const { items } = await catalogApi.getEntities({
    filter: { kind: kinds },
    fields: [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.title',
      'spec.profile.displayName',
    ],
  });
  return items
    .map(entity => {
      const profile = entity.spec?.profile as
        | { displayName?: unknown }
        | undefined;
      const displayName =
        typeof profile?.displayName === 'string'
          ? profile.displayName
          : undefined;
      return {
        ref: `${entity.kind.toLocaleLowerCase('en-US')}:${
          entity.metadata.namespace ?? 'default'
        }/${entity.metadata.name}`,
        name: displayName ?? entity.metadata.title ?? entity.metadata.name,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

const filterChoices = createFilterOptions<Choice>({
  stringify: choice => `${choice.name} ${choice.ref}`,
});

/**
 * A field whose value is an entity ref (an owner, say): typed, or chosen
 * among the catalog's entities of `kinds` by their display names or titles
 * (offered as the user types). Without the catalog it is a plain text field.
 */
export const EntityRefPicker = (props: EntityRefPickerProps) => {
  const { kinds = OWNER_KINDS, onChange } = props;
  const catalogApi = useApiHolder().get(catalogApiRef);
  const kindList = kinds.join(',');
  const [choices, setChoices] = useState<Choice[]>([]);
  useEffect(() => {
    // Without the catalog (or when it fails) the field is typed only.
    if (!catalogApi) return undefined;
    let current = true;
    loadChoices(catalogApi, kindList.split(',')).then(
      loaded => current && setChoices(loaded),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [catalogApi, kindList]);

  return (
    <Autocomplete<Choice, false, false, true>
      id={props.id}
      freeSolo
      options={choices}
      filterOptions={filterChoices}
      getOptionLabel={choice =>
        typeof choice === 'string' ? choice : choice.ref
      }
      renderOption={choice => (
        <span>
          {choice.name}{' '}
          <Typography component="span" variant="caption" color="textSecondary">
            {choice.ref}
          </Typography>
        </span>
      )}
      inputValue={props.value}
      // A reset sets the text to the chosen option's ref, or clears it on
      // mount; the value is the typed text or the choice, passed on below.
      onInputChange={(_event, text, reason) => {
        if (reason !== 'reset') onChange(text);
      }}
      onChange={(_event, choice) => {
        if (choice && typeof choice !== 'string') onChange(choice.ref);
      }}
      renderInput={params => (
        <TextField
          {...params}
          label={props.label}
          helperText={props.helperText}
          error={props.error}
          required={props.required}
          fullWidth
          margin="normal"
        />
      )}
    />
  );
};
