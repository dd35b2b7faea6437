import { Fragment } from 'react';
import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { EntityName } from '@controlplane/frontend-common';
import { Explanation, GrantScope } from '@controlplane/plugin-rbac-common';

/** A scope in words: `owned by the user or their groups, of tenant acme`. */
const describeScope = (scope: GrantScope) =>
  [
    ...(scope.owned ? ['owned by the user or their groups'] : []),
    ...(scope.tenants ? [`of tenant ${scope.tenants.join(', ')}`] : []),
  ].join(', ');

/** The decision with the role, grant and membership behind each match. */
export const ExplanationView = (props: { explanation: Explanation }) => {
  const { explanation } = props;
  const colors = { ALLOW: '#2e7d32', DENY: '#c62828', CONDITIONAL: '#ef6c00' };
  const resource = explanation.resource;
  // Older backends name only the tenants.
  const scopes =
    explanation.scopes ??
    (explanation.tenants ? [{ tenants: explanation.tenants }] : undefined);
  return (
    <Box mt={2} aria-label="Decision">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Chip
          label={explanation.result}
          style={{
            backgroundColor: colors[explanation.result],
            color: '#fff',
            fontWeight: 'bold',
          }}
        />
        <Typography>
          <EntityName entityRef={explanation.user} /> → {explanation.permission}
        </Typography>
      </Box>
      {scopes && (
        <Typography>
          Only for resources {scopes.map(describeScope).join(' or ')}.
        </Typography>
      )}
      {explanation.separationOfDuties && (
        <Typography>
          Separation of duties: never for a request the user made.
        </Typography>
      )}
      {resource && (
        <Box display="flex" alignItems="center" mt={1} style={{ gap: 8 }}>
          <Chip
            size="small"
            label={resource.result}
            aria-label={`Decision for ${resource.ref}`}
            style={{ backgroundColor: colors[resource.result], color: '#fff' }}
          />
          <Typography>for resource {resource.ref}</Typography>
        </Box>
      )}
      {explanation.matches.length > 0 ? (
        <List dense>
          {explanation.matches.map(match => (
            <ListItem
              key={`${match.role}|${match.grant}|${match.via}|${match.tenant}`}
            >
              <ListItemText
                primary={`role ${match.role} grants ${match.grant}`}
                secondary={
                  <>
                    member through <EntityName entityRef={match.via} />
                    {match.tenant ? `, only in tenant ${match.tenant}` : ''}
                    {match.owned ? ', only for resources they own' : ''}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      ) : (
        <Typography color="textSecondary">
          {/* The reason names the user by ref; shown by their name. */}
          {explanation.reason.split(explanation.user).map((part, index) => (
            <Fragment key={index}>
              {index > 0 && (
                <EntityName entityRef={explanation.user} hideIcon />
              )}
              {part}
            </Fragment>
          ))}
        </Typography>
      )}
    </Box>
  );
};
