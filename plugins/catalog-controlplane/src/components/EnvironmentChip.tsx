import Chip from '@material-ui/core/Chip';
import { Environment } from '@controlplane/plugin-catalog-controlplane-common';

const colors: Record<Environment, 'default' | 'primary' | 'secondary'> = {
  development: 'default',
  staging: 'primary',
  production: 'secondary',
};

/** The environment of a deployment, coloured so production stands out. */
export const EnvironmentChip = ({ environment }: { environment: string }) => (
  <Chip
    size="small"
    label={environment}
    color={colors[environment as Environment] ?? 'default'}
  />
);
