import { Grid } from '@material-ui/core';
import { Fact, Facts } from '@controlplane/frontend-common';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { count, pair } from './format';
import { PAGES } from './links';
import { Widget } from './Widget';

type Tenants = PlatformOverview['tenants'];

/** Each card's title and facts. */
const CARDS: [string, (tenants: Tenants) => Fact[]][] = [
  [
    'Active tenants',
    t => [
      ['Total', count(t.total)],
      ['Active 7d', count(t.active_7d)],
      ['Active 30d', count(t.active_30d)],
    ],
  ],
  ['At-risk tenants', t => [['At risk', count(t.at_risk)]]],
  [
    'Tenants with drift',
    t => [['24h / 7d', pair(t.with_drift_24h, t.with_drift_7d)]],
  ],
  [
    'Tenants with credential failures',
    t => [
      [
        '24h / 7d',
        pair(t.with_credential_failures_24h, t.with_credential_failures_7d),
      ],
    ],
  ],
];

/**
 * The tenant health cards: tenants active in 7 and 30 days, at risk, with
 * drift and with credential failures (24 h / 7 d); each links to the
 * tenants list, the outlier tables below name the tenants.
 */
export const TenantHealthCards = (props: { tenants: Tenants }) => (
  <Grid container spacing={3}>
    {CARDS.map(([title, facts]) => (
      <Grid item xs={12} sm={6} md={3} key={title}>
        <Widget title={title} link={{ to: PAGES.tenants, label: 'Tenants' }}>
          <Facts labelWidth={110} facts={facts(props.tenants)} />
        </Widget>
      </Grid>
    ))}
  </Grid>
);
