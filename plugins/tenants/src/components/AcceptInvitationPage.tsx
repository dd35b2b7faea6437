import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { TenantUser } from '@controlplane/plugin-tenants-common';
import { tenantsApiRef } from '../api';
import {
  ErrorAlert,
  PortalPage,
  useAction,
} from '@controlplane/frontend-common';

/** Where an invitation link leads: joins the tenant with the link's token. */
export const AcceptInvitationPage = () => {
  const api = useApi(tenantsApiRef);
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [displayName, setDisplayName] = useState('');
  const [joined, setJoined] = useState<TenantUser | undefined>();
  const { busy, error, run } = useAction();
  const gone = error && ResponseError.is(error) && error.statusCode === 410;

  return (
    <PortalPage title="Accept invitation">
      <Box maxWidth={640}>
        <InfoCard>
          {!token && (
            <Alert severity="error">This link has no invitation token.</Alert>
          )}
          {joined ? (
            <Alert severity="success">
              {joined.email} joined {joined.tenant} as {joined.role}.
            </Alert>
          ) : (
            token && (
              <>
                <Typography>
                  Accept the invitation to join the tenant. You can give the
                  name others will see.
                </Typography>
                <TextField
                  id="tenants-accept-display-name"
                  label="Display name (optional)"
                  value={displayName}
                  onChange={e => setDisplayName(e.target.value)}
                  fullWidth
                  margin="normal"
                  inputProps={{ maxLength: 200 }}
                />
                {gone ? (
                  <Alert severity="error" role="alert">
                    This invitation was already used, revoked or has expired.
                    Ask for a new one.
                  </Alert>
                ) : (
                  <ErrorAlert error={error} />
                )}
                <Box mt={1}>
                  <Button
                    color="primary"
                    variant="contained"
                    disabled={busy}
                    onClick={async () => {
                      const result = await run(() =>
                        api.acceptInvitation(
                          token,
                          displayName.trim() || undefined,
                        ),
                      );
                      if (result.ok) setJoined(result.value);
                    }}
                  >
                    Accept invitation
                  </Button>
                </Box>
              </>
            )
          )}
        </InfoCard>
      </Box>
    </PortalPage>
  );
};
