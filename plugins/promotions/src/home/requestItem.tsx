import { EntityName, HomeCardItem } from '@controlplane/frontend-common';
import { PromotionRequest } from '@controlplane/plugin-promotions-common';
import { formatStep } from '../components/format';
import { requestPath } from '../components/links';

/**
 * A request as a line of a home card, linked to its page: the agent or app
 * and version (a rollback said so), then its tenant, environments and
 * `facts` (its age, its decision...).
 */
export function requestItem(
  root: string,
  request: PromotionRequest,
  facts: string[],
  trailing?: HomeCardItem['trailing'],
): HomeCardItem {
  return {
    key: request.id,
    href: requestPath(root, request.id),
    primary: (
      <>
        <EntityName entityRef={request.target} link={false} hideIcon />{' '}
        {request.version}
        {request.kind === 'rollback' ? ' (rollback)' : ''}
      </>
    ),
    secondary: [request.tenant, formatStep(request), ...facts].join(' · '),
    trailing,
  };
}
