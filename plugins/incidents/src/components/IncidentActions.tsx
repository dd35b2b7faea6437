import { useState } from 'react';
import { Box, Button } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { ErrorAlert, useAction } from '@controlplane/frontend-common';
import {
  Incident,
  transitionsFrom,
} from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { EditIncidentDialog } from './EditIncidentDialog';
import { TRANSITION_LABELS } from './labels';
import { TransitionDialog } from './TransitionDialog';

type Move = ReturnType<typeof transitionsFrom>[number];

/**
 * The controls of those who work the incident: the moves its status allows
 * (start, resolve with a note, close, reopen), "Assign to me" and "Edit"
 * (severity, priority, category, assignment, affected tenants and
 * entities). The caller shows them only to holders of
 * incidents.incident.update on it; the backend decides again.
 */
export const IncidentActions = (props: {
  incident: Incident;
  onChanged: (incident: Incident) => void;
}) => {
  const { incident, onChanged } = props;
  const api = useApi(incidentsApiRef);
  const identity = useApi(identityApiRef);
  const me = useAsync(
    async () => (await identity.getBackstageIdentity()).userEntityRef,
    [identity],
  );
  const [move, setMove] = useState<Move>();
  const [editing, setEditing] = useState(false);
  const { busy, error, run, clearError } = useAction();
  const assign = useAction();

  const confirmMove = async (note?: string) => {
    if (!move) return;
    const result = await run(() =>
      api.transition(incident.id, { action: move, note }),
    );
    if (result.ok) {
      setMove(undefined);
      onChanged(result.value);
    }
  };
  const assignToMe = async () => {
    if (!me.value) return;
    const result = await assign.run(() =>
      api.updateIncident(incident.id, { assignee: me.value }),
    );
    if (result.ok) onChanged(result.value);
  };

  const moves = transitionsFrom(incident.status);
  return (
    <>
      {moves.map(action => (
        <Box key={action} ml={1} display="inline-block">
          <Button
            variant={action === moves[0] ? 'contained' : 'outlined'}
            color={action === moves[0] ? 'primary' : 'default'}
            onClick={() => {
              clearError();
              setMove(action);
            }}
          >
            {TRANSITION_LABELS[action]}
          </Button>
        </Box>
      ))}
      {me.value && incident.assignee !== me.value && (
        <Box ml={1} display="inline-block">
          <Button
            variant="outlined"
            disabled={assign.busy}
            onClick={assignToMe}
          >
            Assign to me
          </Button>
        </Box>
      )}
      <Box ml={1} display="inline-block">
        <Button variant="outlined" onClick={() => setEditing(true)}>
          Edit
        </Button>
      </Box>
      <ErrorAlert error={assign.error} />
      <TransitionDialog
        action={move}
        busy={busy}
        error={error}
        onConfirm={confirmMove}
        onClose={() => setMove(undefined)}
      />
      <EditIncidentDialog
        open={editing}
        incident={incident}
        onClose={() => setEditing(false)}
        onSaved={onChanged}
      />
    </>
  );
};
