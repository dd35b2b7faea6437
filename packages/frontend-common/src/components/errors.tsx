import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Alert from '@material-ui/lab/Alert';

/** The backend's own message of an error, e.g. "cannot remove the last owner". */
export function errorMessage(error: Error): string {
  if (ResponseError.is(error)) {
    return error.cause?.message || error.message;
  }
  return error.message;
}

/**
 * An error panel titled with the backend's own message (for example "the
 * platform-admin role cannot be deleted") rather than only the HTTP status.
 */
export const BackendErrorPanel = (props: { error: Error }) => {
  const { error } = props;
  const title = ResponseError.is(error)
    ? `${error.cause.message} (${error.statusCode})`
    : undefined;
  return <ResponseErrorPanel error={error} title={title} />;
};

/**
 * An inline error with the backend's message; a 409 (such as removing the
 * last owner) is titled as a conflict so it stands out.
 */
export const ErrorAlert = (props: { error?: Error; title?: string }) => {
  const { error } = props;
  if (!error) return null;
  const status = ResponseError.is(error) ? error.statusCode : undefined;
  let title = props.title;
  if (!title && status === 409) title = 'Conflict';
  if (!title && status === 403) title = 'Not allowed';
  return (
    <Alert severity="error" role="alert">
      {title && <strong>{title}: </strong>}
      {errorMessage(error)}
    </Alert>
  );
};
