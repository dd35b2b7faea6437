import { useState } from 'react';
import { Button } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { InfoCard, Progress } from '@backstage/core-components';
import {
  appsCredentialCreatePermission,
  IssuedCredential,
  ManagedApp,
} from '@controlplane/plugin-apps-common';
import { useAppPermissionDecision } from './common';
import { IssueCredentialDialog } from './CredentialDialogs';
import { CredentialsList } from './CredentialsTable';
import { IssuedCredentialDialog } from './IssuedCredentialDialog';
import { useCredentials } from './useCredentials';

/** An app's credentials: issue (the secret shown once), rotate, revoke. */
export const CredentialsCard = (props: {
  app: ManagedApp;
  credentials: ReturnType<typeof useCredentials>;
}) => {
  const { app, credentials } = props;
  const issueDecision = useAppPermissionDecision(
    appsCredentialCreatePermission,
    app.id,
  );
  const canIssue = issueDecision.allowed;
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<IssuedCredential>();

  const action = canIssue && app.status === 'active' && (
    <Button
      color="primary"
      variant="contained"
      startIcon={<AddIcon />}
      onClick={() => setIssuing(true)}
    >
      Issue credential
    </Button>
  );

  return (
    <InfoCard title="Credentials" action={action || undefined}>
      {/* What the empty list says depends on the decision: wait for it. */}
      {issueDecision.loading ? (
        <Progress />
      ) : (
        <CredentialsList
          credentials={credentials}
          empty={
            canIssue
              ? 'No credentials yet: issue one so the app can call the portal.'
              : 'No credentials yet.'
          }
        />
      )}
      <IssueCredentialDialog
        open={issuing}
        appId={app.id}
        appName={app.name}
        onClose={() => setIssuing(false)}
        onIssued={result => {
          setIssuing(false);
          setIssued(result);
          credentials.reload();
        }}
      />
      <IssuedCredentialDialog
        title="Credential issued"
        issued={issued}
        onClose={() => setIssued(undefined)}
      />
    </InfoCard>
  );
};
