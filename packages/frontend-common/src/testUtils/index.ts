/**
 * Test helpers for the plugin frontends; imported by tests only, as
 * `@controlplane/frontend-common/testUtils`.
 *
 * @packageDocumentation
 */
export {
  createRenderWithApi,
  renderWithApis,
  permissionDecision,
} from './renderWithApis';
export type { Decision, PermissionOptions } from './renderWithApis';
export { fakeBackend, jsonResponse } from './fakeBackend';
export type { FetchInput } from './fakeBackend';
export { setupFrontendTests } from './setupFrontendTests';
export { errorResponse, fakePageAccess, routedBackend } from './routedBackend';
export type { FakeRequest } from './routedBackend';
export {
  fakeEntityPresentationApi,
  TEST_ENTITY_NAMES,
} from './entityPresentation';
