import { Link } from '@backstage/core-components';
import { tenantHealthPath, usePlatformRoot } from './links';

/** A tenant's name, linking to its health page. */
export const TenantLink = (props: { tenant: string }) => {
  const root = usePlatformRoot();
  return <Link to={tenantHealthPath(root, props.tenant)}>{props.tenant}</Link>;
};
