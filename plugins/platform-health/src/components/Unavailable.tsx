import Alert from '@material-ui/lab/Alert';

/** A small warning naming the plugins that could not be read this time. */
export const Unavailable = (props: { plugins: string[] }) => (
  <Alert severity="warning" role="alert">
    Not available right now: {props.plugins.join(', ')}. Their figures are left
    out.
  </Alert>
);
