import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const about = `
The **Control Plane Portal** runs the multi-tenant SaaS platform from one place:

- **Catalog** — the [agents](/catalog?filters[kind]=agent), [apps](/catalog?filters[kind]=app)
  and [deployments](/catalog?filters[kind]=deployment) of every tenant, across development,
  staging and production, with their owners.
- **Control-plane domains** — tenants, managed apps and their credentials, billing,
  promotions between environments, feature flags, platform health and incidents, each a
  plugin in the sidebar once installed.
- **Governance** — one role-based permission policy for every plugin and an audit trail of
  every change.

Managed applications use the same backend REST APIs with their own credentials.
`;

const aboutWidget = HomePageWidgetBlueprint.make({
  name: 'about',
  params: {
    name: 'About',
    title: 'About this portal',
    description: 'What the Control Plane Portal is for',
    components: async () => ({
      Content: () => <MarkdownContent content={about} />,
    }),
  },
});

const overviewWidget = HomePageWidgetBlueprint.make({
  name: 'controlplane-overview',
  params: {
    name: 'ControlPlaneOverview',
    title: 'Control plane at a glance',
    description: 'Tenants, agents, apps and deployments per environment',
    components: async () => {
      const { ControlPlaneOverview } = await import('./ControlPlaneOverview');
      return { Content: ControlPlaneOverview };
    },
  },
});

/**
 * The home page's layout: the grid with the cards of the user's roles (see
 * RoleHomeLayout); the domain plugins contribute the cards.
 */
const roleHomeLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: async () => (await import('./RoleHomeLayout')).RoleHomeLayout,
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [aboutWidget, overviewWidget, roleHomeLayout],
});
