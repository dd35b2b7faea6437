import { Fragment, useMemo } from 'react';
import { Content, Progress } from '@backstage/core-components';
import { CustomHomepageGrid } from '@backstage/plugin-home';
import { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import {
  homeCardPlacementDataRef,
  isInAudience,
  usePageAccess,
} from '@controlplane/frontend-common';
import { roleHomeConfig } from './roleHomeConfig';

/**
 * The home page's layout: Backstage's customizable grid, holding only the
 * widgets the user may see. The plugins' cards (createHomeCard) say which
 * permissions they are for, and to which of their holders (platform-wide or
 * scoped to tenants); a card that is not for the user is neither shown nor
 * offered under "Add widget". A new user's page is made of their
 * own cards (roleHomeConfig), so an approver, an operator and a developer
 * each land on their work.
 */
export function RoleHomeLayout(props: HomePageLayoutProps) {
  const { widgets, defaultConfig } = props;
  const entries = useMemo(
    () =>
      widgets.map(widget => ({
        widget,
        placement: widget.node.instance?.getData(homeCardPlacementDataRef),
      })),
    [widgets],
  );
  const permissionNames = useMemo(
    () => [...new Set(entries.flatMap(e => e.placement?.permissions ?? []))],
    [entries],
  );
  const access = usePageAccess(permissionNames);
  const visible = access.loading
    ? []
    : entries.filter(
        ({ placement }) =>
          !placement ||
          placement.permissions.some(name =>
            isInAudience(placement.audience, access.reach(name)),
          ),
      );
  const visibleKey = visible.map(e => e.widget.name).join('\n');
  const gridConfig = useMemo(
    () =>
      roleHomeConfig(
        defaultConfig ?? [],
        visible.flatMap(({ widget, placement }) =>
          placement && widget.name ? [{ name: widget.name, ...placement }] : [],
        ),
      ).map(item => ({
        component: item.component,
        x: item.column,
        y: item.row,
        width: item.width,
        height: item.height,
        movable: item.movable,
        deletable: item.deletable,
        resizable: item.resizable,
      })),
    // `visibleKey` stands for `visible`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [defaultConfig, visibleKey],
  );
  // The grid takes its default once: it waits for the permissions.
  if (access.loading) return <Progress />;
  return (
    <Content>
      <CustomHomepageGrid config={gridConfig}>
        {visible.map(({ widget }, index) => (
          <Fragment key={widget.name ?? index}>{widget.component}</Fragment>
        ))}
      </CustomHomepageGrid>
    </Content>
  );
}
