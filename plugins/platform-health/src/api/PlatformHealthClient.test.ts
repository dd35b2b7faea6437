import {
  fakeBackend,
  jsonResponse as json,
} from '@controlplane/frontend-common/testUtils';
import { PlatformHealthClient } from './PlatformHealthClient';

const setup = (response: (url: string) => Response = () => json({})) => {
  const backend = fakeBackend(response);
  return { ...backend, client: new PlatformHealthClient(backend) };
};

const base = 'http://backstage/api/platform-health';

describe('PlatformHealthClient', () => {
  it('reads the overview, of the platform or of one tenant', async () => {
    const { client, calls } = setup(() => json({ scope: 'platform' }));
    await expect(client.overview()).resolves.toEqual({ scope: 'platform' });
    await client.overview('acme');
    expect(calls()).toEqual([
      ['GET', `${base}/overview`],
      ['GET', `${base}/overview?tenant=acme`],
    ]);
  });

  it('reads the request metrics with window, grouping and plugin', async () => {
    const { client, calls } = setup();
    await client.requestMetrics();
    await client.requestMetrics({
      window: '24h',
      by: 'tenant',
      plugin: 'apps',
    });
    expect(calls()).toEqual([
      ['GET', `${base}/metrics/requests`],
      ['GET', `${base}/metrics/requests?window=24h&by=tenant&plugin=apps`],
    ]);
  });

  it('reads the executive summary, a time series and the error analytics', async () => {
    const { client, calls } = setup();
    await client.metricsSummary();
    await client.metricsSummary('30d');
    await client.metricsTimeSeries({
      metric: 'executions',
      period: '90d',
      interval: '1d',
    });
    await client.errorAnalytics('24h');
    expect(calls()).toEqual([
      ['GET', `${base}/metrics/summary`],
      ['GET', `${base}/metrics/summary?period=30d`],
      [
        'GET',
        `${base}/metrics/timeseries?metric=executions&period=90d&interval=1d`,
      ],
      ['GET', `${base}/metrics/errors?period=24h`],
    ]);
  });

  it("throws a ResponseError carrying the backend's message", async () => {
    const { client } = setup(() =>
      json(
        {
          error: { name: 'NotFoundError', message: 'No tenant globex' },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    await expect(client.overview('globex')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: expect.objectContaining({ message: 'No tenant globex' }),
    });
  });
});
