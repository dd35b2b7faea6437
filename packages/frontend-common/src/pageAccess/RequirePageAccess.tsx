import { ReactNode } from 'react';
import { EmptyState, Progress } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { useLocation } from 'react-router-dom';
import { usePageAccess } from './usePageAccess';

/**
 * Shows `children` to users who hold `permission`; to others a page saying
 * which permission they need, instead of an error from the backend. Views
 * at `openPaths` (below the page, e.g. `invitations/accept`) are open to
 * every signed-in user.
 */
export const RequirePageAccess = (props: {
  permission: string;
  openPaths?: string[];
  children: ReactNode;
}) => {
  const { pathname } = useLocation();
  const isOpen = (props.openPaths ?? []).some(path =>
    pathname.replace(/\/+$/, '').endsWith(`/${path.replace(/^\/+/, '')}`),
  );
  const access = usePageAccess(isOpen ? [] : [props.permission]);
  if (isOpen) return <>{props.children}</>;
  if (access.loading) return <Progress />;
  if (access.holds(props.permission)) return <>{props.children}</>;
  return (
    <EmptyState
      missing="info"
      title="You need permission to open this page"
      description={
        <Typography component="span">
          This page needs the permission <code>{props.permission}</code>, which
          none of your roles grants. Ask a platform admin for a role that grants
          it.
        </Typography>
      }
    />
  );
};
