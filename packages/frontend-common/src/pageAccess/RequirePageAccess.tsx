import { Fragment, ReactNode } from 'react';
import { EmptyState, Progress } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { useLocation } from 'react-router-dom';
import { usePageAccess } from './usePageAccess';

/**
 * Shows `children` to users who hold `permission` (with several, any one of
 * them); to others a page saying
 * which permission they need, instead of an error from the backend. Views
 * at `openPaths` (below the page, e.g. `invitations/accept`) are open to
 * every signed-in user.
 */
export const RequirePageAccess = (props: {
  permission: string | string[];
  openPaths?: string[];
  children: ReactNode;
}) => {
  const { pathname } = useLocation();
  const isOpen = (props.openPaths ?? []).some(path =>
    pathname.replace(/\/+$/, '').endsWith(`/${path.replace(/^\/+/, '')}`),
  );
  const names = [props.permission].flat();
  const access = usePageAccess(isOpen ? [] : names);
  if (isOpen) return <>{props.children}</>;
  if (access.loading) return <Progress />;
  if (names.some(access.holds)) return <>{props.children}</>;
  return (
    <EmptyState
      missing="info"
      title="You need permission to open this page"
      description={
        <Typography component="span">
          {names.length === 1 ? (
            <>
              This page needs the permission <code>{names[0]}</code>, which none
              of your roles grants. Ask a platform admin for a role that grants
              it.
            </>
          ) : (
            <>
              This page needs one of the permissions{' '}
              {names.map((name, i) => (
                <Fragment key={name}>
                  {i > 0 && ', '}
                  <code>{name}</code>
                </Fragment>
              ))}
              , which none of your roles grants. Ask a platform admin for a role
              that grants one.
            </>
          )}
        </Typography>
      }
    />
  );
};
