import { createContext, Fragment, useContext } from 'react';
import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import {
  NavContentBlueprint,
  NavContentComponentProps,
  NavContentNavItem,
} from '@backstage/plugin-app-react';
import {
  PageAccess,
  pagePermissionDataRef,
  pagePermissionsDataRef,
  usePageAccess,
} from '@controlplane/frontend-common';
import { SidebarSearchModal } from '@backstage/plugin-search';
import { useSearchModalResultItems } from './searchModalItems';
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

/**
 * The permissions a nav item's page declares, any one of them opening it
 * (none: the page is open to everyone).
 */
const permissionsOf = (item: NavContentNavItem): string[] => {
  const instance = item.node.instance;
  const names = instance?.getData(pagePermissionsDataRef);
  if (names) return names;
  const name = instance?.getData(pagePermissionDataRef);
  return name ? [name] : [];
};

const PageAccessContext = createContext<PageAccess>({ loading: true });

/**
 * A page's sidebar entry, shown only to users who hold a permission the
 * page declares (none while that is being asked).
 */
const PermittedSidebarItem = (item: NavContentNavItem) => {
  const access = useContext(PageAccessContext);
  const permissions = permissionsOf(item);
  if (
    permissions.length > 0 &&
    (access.loading || !permissions.some(access.holds))
  ) {
    return null;
  }
  return (
    <SidebarItem icon={() => item.icon} to={item.href} text={item.title} />
  );
};

const SidebarItems = ({
  navItems,
}: Pick<NavContentComponentProps, 'navItems'>) => {
  // Shown elsewhere: search as a modal, notifications with its badge.
  // Each only when its plugin is installed: both need the plugin's API,
  // and operators may remove either through `app.packages`.
  const searchPage = navItems.take('page:search');
  const notificationsPage = navItems.take('page:notifications');
  // The modal shows results as the search page does, by their plugins' items.
  const searchResultItems = useSearchModalResultItems();

  const nav = navItems.withComponent(PermittedSidebarItem);

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
            <SidebarSearchModal resultItemComponents={searchResultItems} />
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
};

const SidebarNav = ({ navItems }: NavContentComponentProps) => {
  const permissions = navItems.clone().rest().flatMap(permissionsOf);
  const access = usePageAccess(permissions);
  return (
    <PageAccessContext.Provider value={access}>
      {/* A copy: placing items takes them out of the collection, and this
          component renders again (with the same collection) once the
          answer about the permissions arrives. */}
      <SidebarItems navItems={navItems.clone()} />
    </PageAccessContext.Provider>
  );
};

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: SidebarNav,
  },
});
