import { Fragment } from 'react';
import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import { SidebarSearchModal } from '@backstage/plugin-search';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import MenuIcon from '@material-ui/icons/Menu';
import SearchIcon from '@material-ui/icons/Search';
import { SidebarLogo } from './SidebarLogo';

/**
 * Pages of the control-plane domains, in the order operators work through
 * them. A domain whose plugin is not installed simply has no entry.
 */
export const CONTROL_PLANE_PAGES = [
  'page:tenants',
  'page:apps',
  'page:billing',
  'page:promotions',
  'page:flags',
  'page:platform-health',
  'page:incidents',
  'page:audit',
  'page:rbac',
];

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      // Shown elsewhere: search as a modal, notifications with its badge.
      // Each only when its plugin is installed: both need the plugin's API,
      // and operators may remove either through `app.packages`.
      const searchPage = navItems.take('page:search');
      const notificationsPage = navItems.take('page:notifications');

      const nav = navItems.withComponent(item => (
        <SidebarItem icon={() => item.icon} to={item.href} text={item.title} />
      ));

      return (
        <Sidebar>
          <SidebarLogo />
          {searchPage && (
            <>
              <SidebarGroup
                label="Search"
                icon={<SearchIcon />}
                to={searchPage.href}
              >
                <SidebarSearchModal />
              </SidebarGroup>
              <SidebarDivider />
            </>
          )}
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            {nav.take('page:home')}
            {nav.take('page:catalog')}
            {nav.take('page:api-docs')}
            <SidebarDivider />
            <SidebarScrollWrapper>
              {CONTROL_PLANE_PAGES.map(id => (
                <Fragment key={id}>{nav.take(id)}</Fragment>
              ))}
              {nav.rest({ sortBy: 'title' })}
            </SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
          <SidebarDivider />
          {notificationsPage && (
            <>
              <NotificationsSidebarItem />
              <SidebarDivider />
            </>
          )}
          <SidebarGroup
            label="Settings"
            icon={<UserSettingsSignInAvatar />}
            to="/settings"
          >
            {nav.take('page:app-visualizer')}
            {nav.take('page:user-settings')}
          </SidebarGroup>
        </Sidebar>
      );
    },
  },
});
