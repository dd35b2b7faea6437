import { useState } from 'react';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  InputAdornment,
  TextField,
  Tooltip,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import FileCopyIcon from '@material-ui/icons/FileCopy';
import CheckIcon from '@material-ui/icons/Check';
import { IssuedCredential } from '@controlplane/plugin-apps-common';

/** A read-only value with a button that copies it to the clipboard. */
const CopyField = (props: { id: string; label: string; value: string }) => {
  const [copied, setCopied] = useState(false);
  const [failed, setFailed] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied(true);
      setFailed(false);
    } catch {
      // No clipboard (insecure context, denied): the value can still be selected.
      setFailed(true);
    }
  };
  return (
    <TextField
      id={props.id}
      label={props.label}
      value={props.value}
      fullWidth
      margin="normal"
      variant="outlined"
      helperText={
        failed ? 'Could not copy: select the text and copy it' : undefined
      }
      error={failed}
      InputProps={{
        readOnly: true,
        style: { fontFamily: 'monospace' },
        endAdornment: (
          <InputAdornment position="end">
            <Tooltip title={copied ? 'Copied' : 'Copy'}>
              <IconButton
                aria-label={`Copy ${props.label.toLocaleLowerCase('en-US')}`}
                onClick={copy}
                edge="end"
              >
                {copied ? <CheckIcon /> : <FileCopyIcon />}
              </IconButton>
            </Tooltip>
          </InputAdornment>
        ),
      }}
    />
  );
};

/**
 * The client id, secret and token of a credential just issued or rotated:
 * the only time the secret is shown. Closing it forgets the secret; only its
 * button closes it (not Escape nor a click beside it), so the secret is not
 * lost by accident.
 */
export const IssuedCredentialDialog = (props: {
  issued?: IssuedCredential;
  title: string;
  onClose: () => void;
}) => {
  const { issued } = props;
  return (
    <Dialog
      open={!!issued}
      disableEscapeKeyDown
      fullWidth
      maxWidth="md"
      aria-labelledby="apps-issued-credential-title"
    >
      <DialogTitle id="apps-issued-credential-title">{props.title}</DialogTitle>
      {issued && (
        <DialogContent>
          <Alert severity="warning" aria-label="Secret shown once">
            <AlertTitle>Copy the secret now</AlertTitle>
            This is the only time the secret of{' '}
            <strong>{issued.credential.name}</strong> is shown: it is stored
            hashed and will not be shown again. If it is lost, rotate the
            credential.
          </Alert>
          <Box mt={1}>
            <CopyField
              id="apps-issued-client-id"
              label="Client ID"
              value={issued.credential.clientId}
            />
            <CopyField
              id="apps-issued-client-secret"
              label="Client secret"
              value={issued.clientSecret}
            />
            <CopyField
              id="apps-issued-token"
              label="Token"
              value={issued.token}
            />
          </Box>
          <Alert severity="info">
            The app sends <code>Authorization: Bearer &lt;token&gt;</code>.
          </Alert>
        </DialogContent>
      )}
      <DialogActions>
        <Button color="primary" variant="contained" onClick={props.onClose}>
          I have copied the secret
        </Button>
      </DialogActions>
    </Dialog>
  );
};
