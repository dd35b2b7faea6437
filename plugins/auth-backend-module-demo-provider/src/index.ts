/**
 * Local demo sign-in: any user of the catalog, chosen by name.
 *
 * @packageDocumentation
 */
export { authModuleDemoProvider as default } from './module';
export { DEMO_USER_HEADER } from './authenticator';
