import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { pageAccessApi } from './pageAccessApi';
import { SidebarContent } from './Sidebar';

export const navModule = createFrontendModule({
  pluginId: 'app',
  extensions: [SidebarContent, pageAccessApi],
});
