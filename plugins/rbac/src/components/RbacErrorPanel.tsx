import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';

/**
 * An error panel titled with the backend's own message (for example "the
 * platform-admin role cannot be deleted") rather than only the HTTP status.
 */
export const RbacErrorPanel = (props: { error: Error }) => {
  const { error } = props;
  const title = ResponseError.is(error)
    ? `${error.cause.message} (${error.statusCode})`
    : undefined;
  return <ResponseErrorPanel error={error} title={title} />;
};
