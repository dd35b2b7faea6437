import { useNavigate } from 'react-router-dom';
import { Box, Button, Typography } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import {
  ChainVerification,
  useChainVerification,
} from '../components/ChainStatusCard';
import { useAuditPageLink, useRootLink } from '../components/links';
import { formatTime } from '../components/RecordStatus';

/**
 * "Audit chain" on the auditor's home page: the chain verified as on the
 * audit page (the same component), when, and the latest signed checkpoint.
 * A broken link's record opens on the audit page.
 */
export const AuditChainCard = () => {
  const verification = useChainVerification();
  const navigate = useNavigate();
  const recordLink = useAuditPageLink();
  const root = useRootLink();
  const { value, loading } = verification;
  return (
    <Box>
      <ChainVerification
        verification={verification}
        onOpenRecord={id => navigate(recordLink({}, id))}
      />
      <Box display="flex" alignItems="center" flexWrap="wrap" mt={1}>
        {value && !loading && (
          <Box mr={1}>
            <Typography variant="body2" color="textSecondary">
              Last verified {formatTime(value.verifiedAt)}
            </Typography>
          </Box>
        )}
        <Button size="small" onClick={verification.retry} disabled={loading}>
          Verify again
        </Button>
        <Box ml="auto">
          <Link to={root}>Open the audit trail</Link>
        </Box>
      </Box>
    </Box>
  );
};
