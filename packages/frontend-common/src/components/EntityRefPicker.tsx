import { ReactNode, useEffect, useState } from 'react';
import { Chip, TextField, Typography } from '@material-ui/core';
import { EntityName } from './EntityName';
import {
  Autocomplete,
  AutocompleteRenderInputParams,
  createFilterOptions,
} from '@material-ui/lab';
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

/**
 * The catalog's entities of `kinds`, loaded once; none without the catalog
 * (or when it fails), and the field is typed only.
 */
function useChoices(kinds: readonly string[]): Choice[] {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const kindList = kinds.join(',');
  const [choices, setChoices] = useState<Choice[]>([]);
  useEffect(() => {
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
  return choices;
}

/** The text field of a picker, as Autocomplete renders it, with its label and hints. */
const PickerField = (props: {
  params: AutocompleteRenderInputParams;
  field: Pick<
    EntityRefPickerProps,
    'label' | 'helperText' | 'error' | 'required'
  >;
  onBlur?: () => void;
}) => (
  <TextField
    {...props.params}
    // InputBase calls this besides Autocomplete's own blur handler.
    onBlur={props.onBlur}
    label={props.field.label}
    helperText={props.field.helperText}
    error={props.field.error}
    required={props.field.required}
    fullWidth
    margin="normal"
  />
);

/** A choice as the options list shows it: the name, then the ref, smaller. */
const choiceOption = (choice: Choice) => (
  <span>
    {choice.name}{' '}
    <Typography component="span" variant="caption" color="textSecondary">
      {choice.ref}
    </Typography>
  </span>
);

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
  const choices = useChoices(kinds);

  return (
    <Autocomplete<Choice, false, false, true>
      id={props.id}
      freeSolo
      options={choices}
      filterOptions={filterChoices}
      getOptionLabel={choice =>
        typeof choice === 'string' ? choice : choice.ref
      }
      renderOption={choiceOption}
      inputValue={props.value}
      // A reset sets the text to the chosen option's ref, or clears it on
      // mount; the value is the typed text or the choice, passed on below.
      onInputChange={(_event, text, reason) => {
        if (reason !== 'reset') onChange(text);
      }}
      onChange={(_event, choice) => {
        if (choice && typeof choice !== 'string') onChange(choice.ref);
      }}
      renderInput={params => <PickerField params={params} field={props} />}
    />
  );
};

/** The props of {@link EntityRefsPicker}. */
export interface EntityRefsPickerProps
  extends Omit<EntityRefPickerProps, 'value' | 'onChange'> {
  /** The refs chosen so far. */
  value: readonly string[];
  /** Called with all the refs, a newly chosen or typed one at the end. */
  onChange: (refs: string[]) => void;
}

/**
 * A field of several entity refs (watchers, people to notify): each shown
 * as a chip with the entity's name, chosen among the catalog's entities of
 * `kinds` by name or typed as refs (a comma, Enter or leaving the field
 * takes what was typed).
 */
export const EntityRefsPicker = (props: EntityRefsPickerProps) => {
  const { kinds = OWNER_KINDS, value, onChange } = props;
  const choices = useChoices(kinds);
  const [text, setText] = useState('');
  const take = (refs: readonly (Choice | string)[]) => {
    const next = refs
      .map(ref => (typeof ref === 'string' ? ref.trim() : ref.ref))
      .filter(ref => ref.length > 0);
    onChange([...new Set(next)]);
  };
  const takeTyped = (typed: string) => {
    setText('');
    if (typed.trim()) take([...value, ...typed.split(',')]);
  };

  return (
    <Autocomplete<Choice | string, true, false, true>
      id={props.id}
      multiple
      freeSolo
      options={choices}
      filterOptions={(options, state) =>
        filterChoices(
          options.filter((o): o is Choice => typeof o !== 'string'),
          state,
        )
      }
      getOptionLabel={choice =>
        typeof choice === 'string' ? choice : choice.ref
      }
      renderOption={choice =>
        typeof choice === 'string' ? choice : choiceOption(choice)
      }
      value={[...value]}
      inputValue={text}
      onInputChange={(_event, typed, reason) => {
        if (reason === 'reset') return;
        if (typed.includes(',')) takeTyped(typed);
        else setText(typed);
      }}
      onChange={(_event, chosen) => {
        setText('');
        take(chosen);
      }}
      renderTags={(chosen, getTagProps) =>
        chosen.map((choice, index) => {
          const ref = typeof choice === 'string' ? choice : choice.ref;
          return (
            <Chip
              {...getTagProps({ index })}
              key={ref}
              size="small"
              title={ref}
              label={<EntityName entityRef={ref} link={false} hideIcon />}
            />
          );
        })
      }
      renderInput={params => (
        <PickerField
          params={params}
          field={props}
          // Leaving the field takes what was typed.
          onBlur={() => takeTyped(text)}
        />
      )}
    />
  );
};
