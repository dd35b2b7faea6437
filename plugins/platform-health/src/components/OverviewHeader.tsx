import { Box, Typography } from '@material-ui/core';
import { formatTime } from '@controlplane/frontend-common';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { Unavailable } from './Unavailable';

const SCOPES: Record<PlatformOverview['scope'], string> = {
  platform: 'the whole platform',
  tenants: 'your tenants',
  tenant: 'this tenant',
};

/**
 * Above the figures: their scope and time (cached or not), and the plugins
 * that could not be read.
 */
export const OverviewHeader = (props: { overview: PlatformOverview }) => {
  const { overview } = props;
  return (
    <Box mb={2}>
      <Typography variant="body2" color="textSecondary">
        Figures of {SCOPES[overview.scope]} as of{' '}
        {formatTime(overview.sources_loaded_at)}
        {overview.cached ? ' (cached)' : ''}
      </Typography>
      {overview.unavailable.length > 0 && (
        <Box mt={1}>
          <Unavailable plugins={overview.unavailable} />
        </Box>
      )}
    </Box>
  );
};
