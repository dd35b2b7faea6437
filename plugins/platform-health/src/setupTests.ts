import { setupFrontendTests } from '@controlplane/frontend-common/testUtils';

setupFrontendTests();
