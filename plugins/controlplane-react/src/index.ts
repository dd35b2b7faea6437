/**
 * Frontend code shared by the control plane's plugin frontends. Test helpers
 * are in the separate `@controlplane/plugin-controlplane-react/testUtils`.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './components';
export * from './hooks';
