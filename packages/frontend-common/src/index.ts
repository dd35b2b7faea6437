/**
 * Frontend code shared by the control plane's plugin frontends. Test helpers
 * are in the separate `@controlplane/frontend-common/testUtils`.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './components';
export * from './hooks';
export * from './home';
export * from './pageAccess';
export * from './search';
