import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Explanation } from '@controlplane/plugin-rbac-common';

/** The decision with the role, grant and membership behind each match. */
export const ExplanationView = (props: { explanation: Explanation }) => {
  const { explanation } = props;
  const allowed = explanation.result === 'ALLOW';
  return (
    <Box mt={2} aria-label="Decision">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Chip
          label={explanation.result}
          style={{
            backgroundColor: allowed ? '#2e7d32' : '#c62828',
            color: '#fff',
            fontWeight: 'bold',
          }}
        />
        <Typography>
          {explanation.user} → {explanation.permission}
        </Typography>
      </Box>
      {explanation.matches.length > 0 ? (
        <List dense>
          {explanation.matches.map(match => (
            <ListItem key={`${match.role}|${match.grant}|${match.via}`}>
              <ListItemText
                primary={`role ${match.role} grants ${match.grant}`}
                secondary={`member through ${match.via}`}
              />
            </ListItem>
          ))}
        </List>
      ) : (
        <Typography color="textSecondary">{explanation.reason}</Typography>
      )}
    </Box>
  );
};
