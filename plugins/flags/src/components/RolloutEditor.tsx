import { useMemo } from 'react';
import {
  Box,
  Button,
  IconButton,
  InputAdornment,
  TextField,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { SelectField } from '@controlplane/frontend-common';
import {
  RolloutShare,
  rolloutPreview,
} from '@controlplane/plugin-flags-common';

/** Sample targeting keys of the preview. */
export const PREVIEW_SAMPLE = 10_000;

/** Whether the shares add up to 100 %, to 0.01. */
export const sharesComplete = (shares: readonly RolloutShare[]) =>
  Math.round(shares.reduce((sum, s) => sum + s.weight * 100, 0)) === 10_000;

const percentInputProps = { min: 0, max: 100, step: 0.01 };
const percentAdornment = {
  endAdornment: <InputAdornment position="end">%</InputAdornment>,
};

/**
 * A percentage rollout: each variant's share of the targeting keys, in
 * order, with a live preview of how many of 10,000 sample keys get each
 * variant (the same bucketing as the backend, sticky on the key).
 */
export const RolloutEditor = (props: {
  flagKey: string;
  variants: string[];
  shares: RolloutShare[];
  onChange: (shares: RolloutShare[]) => void;
}) => {
  const { flagKey, variants, shares, onChange } = props;
  const complete = sharesComplete(shares);
  const preview = useMemo(
    () =>
      complete ? rolloutPreview(flagKey, shares, PREVIEW_SAMPLE) : undefined,
    [flagKey, shares, complete],
  );
  const total = shares.reduce((sum, s) => sum + s.weight, 0);
  const setShare = (index: number, change: Partial<RolloutShare>) =>
    onChange(shares.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const unused = variants.find(v => !shares.some(s => s.variant === v));

  return (
    <Box mt={1}>
      {shares.map((share, index) => (
        <Box key={index} display="flex" alignItems="center">
          <Box mr={1} flex={1}>
            <SelectField
              id={`rollout-variant-${index}`}
              label={`Share ${index + 1} variant`}
              value={share.variant}
              options={variants}
              onChange={variant => setShare(index, { variant })}
            />
          </Box>
          <Box mr={1} width={140}>
            <TextField
              id={`rollout-weight-${index}`}
              label={`Share ${index + 1} percent`}
              type="number"
              value={share.weight}
              onChange={e =>
                setShare(index, { weight: Number(e.target.value) || 0 })
              }
              inputProps={percentInputProps}
              InputProps={percentAdornment}
              margin="normal"
            />
          </Box>
          <IconButton
            aria-label={`Remove share ${index + 1}`}
            disabled={shares.length === 1}
            onClick={() => onChange(shares.filter((_, i) => i !== index))}
          >
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      <Button
        startIcon={<AddIcon />}
        disabled={!unused}
        onClick={() => onChange([...shares, { variant: unused!, weight: 0 }])}
      >
        Add share
      </Button>
      {preview ? (
        <Box mt={1} aria-label="Rollout preview" role="region">
          <Typography variant="subtitle2">
            Preview: {PREVIEW_SAMPLE.toLocaleString('en-US')} sample keys
          </Typography>
          {Object.entries(preview).map(([variant, count]) => (
            <Typography key={variant} variant="body2">
              {variant}: {count.toLocaleString('en-US')} keys (
              {((count / PREVIEW_SAMPLE) * 100).toFixed(2)} %)
            </Typography>
          ))}
        </Box>
      ) : (
        <Typography color="error" variant="body2" role="alert">
          The shares add up to {Number(total.toFixed(2))} %, not 100 %
        </Typography>
      )}
    </Box>
  );
};
