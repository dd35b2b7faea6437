import { useState } from 'react';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  Radio,
  RadioGroup,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { auditApiRef, AuditFilters, ExportFormat } from '../api';
import { activeFilters } from './filters';
import { saveBlob } from './download';

const describe = (filters: AuditFilters) => {
  const entries = Object.entries(activeFilters(filters));
  return entries.length === 0
    ? 'All records.'
    : `Records matching ${entries
        .map(([key, value]) => `${key} = ${value}`)
        .join(', ')}.`;
};

/**
 * Exports the records matching the page's filters. Fetched through the app's
 * fetch API, so the download carries the user's token.
 */
export const ExportButton = (props: { filters: AuditFilters }) => {
  const auditApi = useApi(auditApiRef);
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [includeDetails, setIncludeDetails] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const file = await auditApi.exportRecords(activeFilters(props.filters), {
        format,
        includeDetails,
      });
      saveBlob(file.blob, file.filename);
      setOpen(false);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        variant="outlined"
        color="primary"
        startIcon={<GetAppIcon />}
        onClick={() => setOpen(true)}
      >
        Export
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby="audit-export-title"
      >
        <DialogTitle id="audit-export-title">Export audit records</DialogTitle>
        <DialogContent>
          <Typography variant="body2" gutterBottom>
            {describe(props.filters)}
          </Typography>
          <FormControl component="fieldset" margin="normal">
            <FormLabel component="legend">Format</FormLabel>
            <RadioGroup
              row
              aria-label="format"
              value={format}
              onChange={e => setFormat(e.target.value as ExportFormat)}
            >
              <FormControlLabel value="csv" control={<Radio />} label="CSV" />
              <FormControlLabel value="json" control={<Radio />} label="JSON" />
            </RadioGroup>
          </FormControl>
          <FormControlLabel
            control={
              <Checkbox
                checked={includeDetails}
                onChange={e => setIncludeDetails(e.target.checked)}
              />
            }
            label="Include details (metadata)"
          />
          {error && (
            <Alert severity="error">
              {ResponseError.is(error) ? error.cause.message : error.message}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button
            color="primary"
            variant="contained"
            onClick={download}
            disabled={busy}
          >
            {busy ? 'Downloading…' : 'Download'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
