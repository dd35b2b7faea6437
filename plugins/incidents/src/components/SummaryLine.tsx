import useAsync from 'react-use/esm/useAsync';
import { Box, Typography } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { incidentsApiRef } from '../api';
import { formatOpened } from './format';
import { SEVERITIES } from './labels';

/** Open incidents by severity and the oldest one's age, in one line. */
export const SummaryLine = () => {
  const api = useApi(incidentsApiRef);
  const { value } = useAsync(() => api.summary(), [api]);
  if (!value) return null;
  const counts = SEVERITIES.map(
    severity => `${severity} ${value.bySeverity[severity] ?? 0}`,
  ).join(' · ');
  return (
    <Box mb={1}>
      <Typography variant="body2" aria-label="Open incidents">
        {value.open} open ({counts})
        {value.oldestOpenedAt &&
          `; the oldest ${formatOpened(value.oldestOpenedAt)}`}
      </Typography>
    </Box>
  );
};
