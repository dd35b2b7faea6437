import { createExtensionDataRef } from '@backstage/frontend-plugin-api';
import { Permission } from '@backstage/plugin-permission-common';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { ReactNode } from 'react';
import { Progress } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { usePageAccess } from '../pageAccess/usePageAccess';
import { PermissionReach } from '../pageAccess/PageAccessApi';

/**
 * Who a home card is for and where it goes on a new user's home page: the
 * portal's home layout shows a card only to users who hold one of its
 * permissions (the same as the page that does the work), and places the
 * cards a user may see by `order`, lowest first.
 */
export interface HomeCardPlacement {
  /** The card is for users who hold any one of these. */
  permissions: string[];
  /** How far they hold it; see {@link HomeCardAudience}. */
  audience: HomeCardAudience;
  /** Place among the user's cards on a new home page, lower first. */
  order: number;
  /** Grid columns (of 12) on a new home page. */
  width: number;
  /** Grid rows on a new home page. */
  height: number;
}

/**
 * Which holders of a card's permission it is for: `anyone` who holds it at
 * all; `platform` users, who hold it for every resource (an operator's card
 * about all tenants); `scoped` users, who hold it only for some resources,
 * their tenants or what they own (a tenant owner's "My tenant", which tells a
 * platform-wide operator nothing).
 */
export type HomeCardAudience = 'anyone' | 'platform' | 'scoped';

/** Whether a user holding a permission this far is in the audience. */
export function isInAudience(
  audience: HomeCardAudience,
  reach: PermissionReach,
): boolean {
  if (reach === 'none') return false;
  if (audience === 'platform') return reach === 'everywhere';
  if (audience === 'scoped') return reach === 'some';
  return true;
}

/** The {@link HomeCardPlacement} a home card's extension outputs. */
export const homeCardPlacementDataRef =
  createExtensionDataRef<HomeCardPlacement>().with({
    id: 'controlplane.home.card',
  });

/** The card's content for users who hold one of the permissions. */
const HomeCardAccess = (props: {
  permissions: string[];
  children: ReactNode;
}) => {
  const access = usePageAccess(props.permissions);
  if (access.loading) return <Progress />;
  if (props.permissions.some(access.holds)) return <>{props.children}</>;
  return (
    <Typography variant="body2" color="textSecondary">
      This card needs the permission{' '}
      <code>{props.permissions.join(' or ')}</code>, which none of your roles
      grants.
    </Typography>
  );
};

/**
 * A card of the portal's home page, contributed by a domain plugin:
 * Backstage's home page widget (users can add, move and remove it on their
 * customizable home page) that also declares who may see it. The card's
 * content is guarded like a page: without the permission it shows which
 * one is needed and asks the backend nothing.
 */
export function createHomeCard<TName extends string>(params: {
  /** The extension's name, unique within the plugin. */
  name: TName;
  /** The widget's name on the home page, unique in the portal. */
  widgetName: string;
  title: string;
  description: string;
  /** Held at all by everyone the card is for; any one of several will do. */
  permission: Permission | Permission[];
  /** Which of the permission's holders the card is for; `anyone` by default. */
  audience?: HomeCardAudience;
  /**
   * Where the card goes among the cards a user may see on a new home page:
   * lower first. The work waiting for the user comes first (0-99), what is
   * at risk next (100-199), then summaries (200+).
   */
  order: number;
  /** Grid columns (of 12) and rows on a new home page; 6 and 5 by default. */
  width?: number;
  height?: number;
  loader: () => Promise<JSX.Element>;
}) {
  const { name, widgetName, title, description, loader } = params;
  const permissions = [params.permission].flat().map(p => p.name);
  if (permissions.length === 0) {
    throw new TypeError(`The home card ${widgetName} needs a permission`);
  }
  return HomePageWidgetBlueprint.makeWithOverrides({
    name,
    output: [HomePageWidgetBlueprint.dataRefs.widget, homeCardPlacementDataRef],
    *factory(originalFactory) {
      yield* originalFactory({
        name: widgetName,
        title,
        description,
        components: async () => {
          const content = await loader();
          return {
            Content: () => (
              <HomeCardAccess permissions={permissions}>
                {content}
              </HomeCardAccess>
            ),
          };
        },
      });
      yield homeCardPlacementDataRef({
        permissions,
        audience: params.audience ?? 'anyone',
        order: params.order,
        width: params.width ?? 6,
        height: params.height ?? 5,
      });
    },
  });
}
