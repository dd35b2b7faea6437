/**
 * Test helpers shared by the portal's backend packages.
 *
 * @packageDocumentation
 */
export {
  createPortalTestDatabases,
  PORTAL_TEST_DATABASE_IDS,
} from './databases';
export { perPluginDatabases } from './perPluginDatabases';
export { eventually } from './eventually';
export { queriesDuring } from './queriesDuring';
export { createMockAuditor } from './mockAuditor';
export * from './oboHttpAuth';
export { withEdgeHygiene } from './edgeHygiene';
export { FakeOidcIssuer } from './fakeOidcIssuer';
