import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
  FormLabel,
  IconButton,
  TextField,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ButtonWithDialog,
  EntityRefPicker,
  FormDialog,
  SelectField,
  useAction,
} from '@controlplane/frontend-common';
import {
  Environment,
  FLAG_ENVIRONMENTS,
  FlagType,
  NewFlag,
} from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { parseValue } from './format';
import { flagPath, useFlagsRoot } from './links';

const FLAG_TYPES: readonly FlagType[] = [
  'boolean',
  'string',
  'number',
  'object',
];

interface VariantRow {
  name: string;
  value: string;
}

/** The variants a new flag of each type starts with. */
const STARTING_VARIANTS: Record<FlagType, VariantRow[]> = {
  boolean: [
    { name: 'on', value: 'true' },
    { name: 'off', value: 'false' },
  ],
  string: [{ name: 'default', value: '' }],
  number: [{ name: 'default', value: '0' }],
  object: [{ name: 'default', value: '{}' }],
};

const EMPTY = {
  key: '',
  description: '',
  type: 'boolean' as FlagType,
  variants: STARTING_VARIANTS.boolean,
  defaultVariant: 'off',
  environments: [...FLAG_ENVIRONMENTS] as Environment[],
  tags: '',
  owner: '',
};

type Form = typeof EMPTY;

/** The request of the form, or what is wrong with it. */
function toNewFlag(form: Form): NewFlag {
  const variants = form.variants.map(v => ({
    name: v.name.trim(),
    value: parseValue(form.type, v.value),
  }));
  const tags = form.tags
    .split(',')
    .map(tag => tag.trim())
    .filter(Boolean);
  return {
    key: form.key.trim(),
    description: form.description.trim() || undefined,
    type: form.type,
    variants,
    defaultVariant: form.defaultVariant,
    environments: form.environments,
    tags: tags.length ? tags : undefined,
    owner: form.owner.trim() || undefined,
  };
}

/**
 * Creates a flag: key, description, type, variants with their values, the
 * default variant, environments, tags and owner. The new flag's page opens.
 */
export const CreateFlagDialog = (props: {
  open: boolean;
  onClose: () => void;
}) => {
  const { open, onClose } = props;
  const api = useApi(flagsApiRef);
  const navigate = useNavigate();
  const root = useFlagsRoot();
  const [form, setForm] = useState<Form>(EMPTY);
  const [problem, setProblem] = useState<string>();
  const { busy, error, run, clearError } = useAction();

  useEffect(() => {
    if (open) {
      setForm(EMPTY);
      setProblem(undefined);
      clearError();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const update = (change: Partial<Form>) =>
    setForm(current => ({ ...current, ...change }));
  const setVariant = (index: number, change: Partial<VariantRow>) =>
    setForm(current => {
      const variants = current.variants.map((v, i) =>
        i === index ? { ...v, ...change } : v,
      );
      const renamed =
        change.name !== undefined &&
        current.defaultVariant === current.variants[index].name;
      return {
        ...current,
        variants,
        defaultVariant: renamed ? change.name! : current.defaultVariant,
      };
    });
  const setType = (type: FlagType) => {
    const variants = STARTING_VARIANTS[type];
    update({
      type,
      variants,
      defaultVariant: variants[variants.length - 1].name,
    });
  };
  const toggleEnvironment = (environment: Environment) =>
    setForm(current => ({
      ...current,
      environments: current.environments.includes(environment)
        ? current.environments.filter(e => e !== environment)
        : FLAG_ENVIRONMENTS.filter(
            e => e === environment || current.environments.includes(e),
          ),
    }));

  const submit = async () => {
    let flag: NewFlag;
    try {
      flag = toNewFlag(form);
    } catch (e) {
      setProblem((e as Error).message);
      return;
    }
    setProblem(undefined);
    const result = await run(() => api.createFlag(flag));
    if (result.ok) {
      onClose();
      navigate(flagPath(root, result.value.key));
    }
  };

  const names = form.variants.map(v => v.name.trim()).filter(Boolean);
  return (
    <FormDialog
      open={open}
      title="Create flag"
      submitLabel="Create"
      submitDisabled={
        busy ||
        !form.key.trim() ||
        names.length !== form.variants.length ||
        !names.includes(form.defaultVariant) ||
        form.environments.length === 0
      }
      error={error ?? (problem ? new Error(problem) : undefined)}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        id="create-flag-key"
        label="Key"
        helperText="Lower-case letters, digits, dots, dashes, e.g. checkout.new-flow"
        value={form.key}
        onChange={e => update({ key: e.target.value })}
        required
        fullWidth
        margin="dense"
      />
      <TextField
        id="create-flag-description"
        label="Description"
        value={form.description}
        onChange={e => update({ description: e.target.value })}
        fullWidth
        margin="dense"
      />
      <SelectField
        id="create-flag-type"
        label="Type"
        value={form.type}
        options={FLAG_TYPES}
        onChange={setType}
      />
      <FormLabel component="legend">Variants</FormLabel>
      {form.variants.map((variant, index) => (
        <Box key={index} display="flex" alignItems="center">
          <Box mr={1} flex={1}>
            <TextField
              id={`create-flag-variant-${index}-name`}
              label={`Variant ${index + 1} name`}
              value={variant.name}
              onChange={e => setVariant(index, { name: e.target.value })}
              fullWidth
              margin="dense"
            />
          </Box>
          <Box mr={1} flex={2}>
            <TextField
              id={`create-flag-variant-${index}-value`}
              label={`Variant ${index + 1} value`}
              value={variant.value}
              onChange={e => setVariant(index, { value: e.target.value })}
              fullWidth
              margin="dense"
            />
          </Box>
          <IconButton
            aria-label={`Remove variant ${index + 1}`}
            disabled={form.variants.length === 1}
            onClick={() =>
              update({ variants: form.variants.filter((_, i) => i !== index) })
            }
          >
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      <Button
        startIcon={<AddIcon />}
        onClick={() =>
          update({ variants: [...form.variants, { name: '', value: '' }] })
        }
      >
        Add variant
      </Button>
      <SelectField
        id="create-flag-default-variant"
        label="Default variant"
        value={form.defaultVariant}
        options={names.includes(form.defaultVariant) ? names : ['', ...names]}
        onChange={defaultVariant => update({ defaultVariant })}
      />
      <FormLabel component="legend">Environments</FormLabel>
      <FormGroup row>
        {FLAG_ENVIRONMENTS.map(environment => (
          <FormControlLabel
            key={environment}
            label={environment}
            control={
              <Checkbox
                checked={form.environments.includes(environment)}
                onChange={() => toggleEnvironment(environment)}
              />
            }
          />
        ))}
      </FormGroup>
      <TextField
        id="create-flag-tags"
        label="Tags"
        helperText="Comma-separated, e.g. checkout, experiment"
        value={form.tags}
        onChange={e => update({ tags: e.target.value })}
        fullWidth
        margin="dense"
      />
      <EntityRefPicker
        id="create-flag-owner"
        label="Owner"
        helperText="A group or user, e.g. group:default/payments"
        value={form.owner}
        onChange={typed => update({ owner: typed })}
      />
    </FormDialog>
  );
};

/** "Create flag", for holders of flags.flag.create. */
export const CreateFlagButton = () => (
  <ButtonWithDialog
    label="Create flag"
    icon={<AddIcon />}
    dialog={({ open, close }) => (
      <CreateFlagDialog open={open} onClose={close} />
    )}
  />
);
