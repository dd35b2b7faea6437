import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  Content,
  ContentHeader,
  ErrorPanel,
  Header,
  InfoCard,
  Page,
  Progress,
  ProxiedSignInPage,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  IdentityApi,
  useApi,
} from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { chosenDemoUser, DemoUser } from './demoUsers';
import { TenantLoginCard, useResumedTenantLogin } from './TenantLoginCard';

// Must match DEMO_USER_HEADER of @controlplane/plugin-auth-backend-module-demo-provider.
const DEMO_USER_HEADER = 'x-controlplane-demo-user';

/** Forgets the chosen demo user on sign-out, so the picker shows again. */
const forgetOnSignOut = (identity: IdentityApi): IdentityApi => ({
  getProfileInfo: () => identity.getProfileInfo(),
  getBackstageIdentity: () => identity.getBackstageIdentity(),
  getCredentials: () => identity.getCredentials(),
  signOut: async () => {
    chosenDemoUser.clear();
    await identity.signOut();
  },
});

const DemoUserPicker = ({
  onPick,
  onTenantLogin,
}: {
  onPick: (name: string) => void;
  onTenantLogin: (identity: IdentityApi) => void;
}) => {
  const discoveryApi = useApi(discoveryApiRef);
  const {
    value: users,
    loading,
    error,
  } = useAsync(async () => {
    const response = await fetch(
      `${await discoveryApi.getBaseUrl('auth')}/demo-users`,
    );
    if (!response.ok) {
      throw new Error(`Could not list demo users: HTTP ${response.status}`);
    }
    return ((await response.json()) as { items: DemoUser[] }).items;
  }, [discoveryApi]);

  return (
    <Page themeId="home">
      <Header title="Control Plane Portal" subtitle="Local demo sign-in" />
      <Content>
        <ContentHeader title="Sign in as a demo user" />
        <Typography paragraph>
          Each demo user holds one portal role. This sign-in exists only on
          local development setups; production uses single sign-on.
        </Typography>
        {loading && <Progress />}
        {error && <ErrorPanel error={error} />}
        {users && (
          <InfoCard title="Demo users">
            <List aria-label="demo users">
              {users.map(user => (
                <ListItem
                  button
                  key={user.name}
                  onClick={() => onPick(user.name)}
                >
                  <ListItemText
                    primary={user.displayName}
                    secondary={`${user.role} · ${user.name}`}
                  />
                </ListItem>
              ))}
            </List>
          </InfoCard>
        )}
        <Typography paragraph />
        <TenantLoginCard onSignInSuccess={onTenantLogin} />
      </Content>
    </Page>
  );
};

/**
 * Local sign-in: pick a demo user, then sign in through the `demo` provider;
 * or sign in with your organization (tenant login).
 */
export const DemoSignInPage = (props: SignInPageProps) => {
  const [userName, setUserName] = useState(chosenDemoUser.get());
  // A tenant owner or administrator signed in earlier in this tab.
  const { resuming } = useResumedTenantLogin(props.onSignInSuccess);

  if (!userName) {
    if (resuming) return <Progress />;
    return (
      <DemoUserPicker
        onPick={name => {
          chosenDemoUser.set(name);
          setUserName(name);
        }}
        onTenantLogin={props.onSignInSuccess}
      />
    );
  }
  return (
    <ProxiedSignInPage
      provider="demo"
      headers={{ [DEMO_USER_HEADER]: userName }}
      onSignInSuccess={identity =>
        props.onSignInSuccess(forgetOnSignOut(identity))
      }
      ErrorComponent={({ error }) => (
        <Page themeId="home">
          <Content>
            <ErrorPanel error={error ?? new Error('Sign-in failed')} />
            <Typography>
              <a
                href="/"
                onClick={() => {
                  chosenDemoUser.clear();
                }}
              >
                Choose another user
              </a>
            </Typography>
          </Content>
        </Page>
      )}
    />
  );
};
