import { SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  createFrontendModule,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  SignInPageProps,
} from '@backstage/plugin-app-react';
import { DemoSignInPage } from './DemoSignInPage';
import { oidcAuthApi, oidcAuthApiRef } from './oidcAuthApi';
import { tenantLoginAuthApi, tenantLoginProvider } from './tenantLoginAuthApi';

/**
 * `portal.signIn` chooses the sign-in: `demo` locally, `oidc` in production.
 * Both offer tenant login too: a tenant's owners and administrators sign in
 * with their tenant credentials.
 */
const PortalSignInPage = (props: SignInPageProps) => {
  const mode = useApi(configApiRef).getOptionalString('portal.signIn');
  if (mode === 'oidc') {
    return (
      <SignInPage
        {...props}
        title="Control Plane Portal"
        align="center"
        providers={[
          {
            id: 'oidc',
            title: 'Single sign-on',
            message: 'Sign in with your company account',
            apiRef: oidcAuthApiRef,
          },
          tenantLoginProvider,
        ]}
      />
    );
  }
  return <DemoSignInPage {...props} />;
};

const signInPage = SignInPageBlueprint.make({
  params: { loader: async () => PortalSignInPage },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, oidcAuthApi, tenantLoginAuthApi],
});
