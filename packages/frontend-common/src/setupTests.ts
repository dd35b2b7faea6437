import { setupFrontendTests } from './testUtils/setupFrontendTests';

setupFrontendTests();
