import Alert from '@material-ui/lab/Alert';
import { errorMessage } from '@controlplane/frontend-common';

/** A small warning naming the plugins that could not be read this time. */
export const Unavailable = (props: { plugins: string[] }) => (
  <Alert severity="warning" role="alert">
    Not available right now: {props.plugins.join(', ')}. Their figures are left
    out.
  </Alert>
);

/**
 * A small warning in place of one widget's figures (a chart) that could not
 * be read; the rest of the page stays.
 */
export const NotLoaded = (props: { what: string; error: Error }) => (
  <Alert severity="warning" role="alert">
    {props.what} not available right now: {errorMessage(props.error)}
  </Alert>
);
