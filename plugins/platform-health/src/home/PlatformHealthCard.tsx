import { Box } from '@material-ui/core';
import { Link, Progress } from '@backstage/core-components';
import { BackendErrorPanel } from '@controlplane/frontend-common';
import { HealthTiles } from '../components/HealthTiles';
import { usePlatformRoot } from '../components/links';
import { useOverview } from '../components/useOverview';

/**
 * The operator's and platform admin's card, "Platform health": the health
 * tiles of the platform dashboard (API; database and scheduled jobs for
 * those who see the whole platform), each linking to its drill-down, and
 * the dashboard itself. One request: the dashboard's overview (cached by
 * the backend).
 */
export const PlatformHealthCard = () => {
  const root = usePlatformRoot();
  const { value, loading, error } = useOverview();
  if (loading && !value) return <Progress />;
  if (error) return <BackendErrorPanel error={error} />;
  return (
    <>
      <HealthTiles health={value!.platform_health} />
      <Box mt={2}>
        <Link to={root}>Open the platform dashboard</Link>
      </Box>
    </>
  );
};
