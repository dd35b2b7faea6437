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

/** `portal.signIn` chooses the sign-in: `demo` locally, `oidc` in production. */
const PortalSignInPage = (props: SignInPageProps) => {
  const mode = useApi(configApiRef).getOptionalString('portal.signIn');
  if (mode === 'oidc') {
    return (
      <SignInPage
        {...props}
        title="Control Plane Portal"
        align="center"
        provider={{
          id: 'oidc',
          title: 'Single sign-on',
          message: 'Sign in with your company account',
          apiRef: oidcAuthApiRef,
        }}
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
  extensions: [signInPage, oidcAuthApi],
});
