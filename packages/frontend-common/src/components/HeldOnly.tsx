import { ReactNode } from 'react';
import { usePageAccess } from '../pageAccess/usePageAccess';

/**
 * Renders `children` only for users who hold `permission` (a resource
 * permission: for some resources at least), e.g. an entity card of a domain;
 * nothing while that is asked, and nothing for the others, so the children
 * fetch nothing for them. The backend stays the guard.
 */
export const HeldOnly = (props: {
  permission: string;
  children: ReactNode;
}) => {
  const access = usePageAccess([props.permission]);
  if (access.loading || !access.holds(props.permission)) return null;
  return <>{props.children}</>;
};
