export { appsApiRef, USAGE_PERIODS } from './AppsApi';
export type {
  AppChange,
  AppPage,
  AppQuery,
  AppsApi,
  CredentialPage,
  CredentialQuery,
  NewApp,
  NewCredential,
  RevokedCredential,
  UsagePeriod,
} from './AppsApi';
export { AppsClient } from './AppsClient';
