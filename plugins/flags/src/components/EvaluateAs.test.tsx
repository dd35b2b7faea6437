import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Evaluation } from '@controlplane/plugin-flags-common';
import {
  acmeEvaluation,
  errorResponse,
  fakeFlagsBackend,
  renderFlags,
} from '../__testUtils__';
import { EvaluateAs } from './EvaluateAs';

jest.setTimeout(30_000);

const evaluation: Evaluation = {
  tenant: 'acme',
  plan: 'enterprise',
  environment: 'staging',
  flags: [
    ...acmeEvaluation.flags,
    {
      key: 'new-checkout',
      value: 'v2',
      variant: 'v2',
      reason: 'SPLIT',
      layer: 'plan',
      ruleIndex: 1,
    },
    {
      key: 'limits',
      value: { max: 10 },
      variant: 'big',
      reason: 'TARGETING_MATCH',
      layer: 'environment',
      ruleIndex: 0,
    },
    {
      key: 'beta-banner',
      reason: 'ERROR',
      errorCode: 'PARSE_ERROR',
      errorDetails: 'version "x" is not semver',
    },
  ],
};

const rowOf = (table: HTMLElement, key: string) =>
  within(table).getByText(key).closest('tr')!;

describe('EvaluateAs', () => {
  it('evaluates as a tenant with a context and shows why for each flag', async () => {
    const backend = fakeFlagsBackend({ evaluation });
    await renderFlags(<EvaluateAs />, { backend });

    await userEvent.type(screen.getByLabelText(/^Tenant/), 'acme');
    await userEvent.click(screen.getByRole('button', { name: /Environment/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'staging' }),
    );
    await userEvent.type(screen.getByLabelText(/^Targeting key/), 'user-7');
    await userEvent.type(
      screen.getByLabelText(/^Attributes/),
      'country=DE{enter}version = 2.1.0',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));

    const table = await screen.findByRole('table', { name: 'Evaluation' });
    expect(backend.requestsTo('POST', '/evaluate')[0].body).toEqual({
      tenant: 'acme',
      environment: 'staging',
      context: { country: 'DE', version: '2.1.0', targetingKey: 'user-7' },
    });
    expect(
      screen.getByText('acme (plan enterprise) in staging'),
    ).toBeInTheDocument();

    const cells = (key: string) =>
      within(rowOf(table, key))
        .getAllByRole('cell')
        .map(cell => cell.textContent);
    expect(cells('dark-mode')).toEqual([
      'dark-mode',
      'true',
      'on',
      'STATIC',
      'tenant',
      '',
      '',
    ]);
    expect(cells('new-checkout')).toEqual([
      'new-checkout',
      'v2',
      'v2',
      'SPLIT',
      'plan',
      '#2',
      '',
    ]);
    expect(cells('limits')).toEqual([
      'limits',
      '{"max":10}',
      'big',
      'TARGETING_MATCH',
      'environment',
      '#1',
      '',
    ]);
    expect(cells('beta-banner')).toEqual([
      'beta-banner',
      '',
      '',
      'ERROR',
      '',
      '',
      'PARSE_ERROR: version "x" is not semver',
    ]);
  });

  it('refuses attributes that are not key=value before asking', async () => {
    const backend = fakeFlagsBackend({ evaluation });
    await renderFlags(<EvaluateAs />, { backend });
    await userEvent.type(screen.getByLabelText(/^Tenant/), 'acme');
    await userEvent.type(screen.getByLabelText(/^Attributes/), 'country');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(
      await screen.findByText(/"country" is not key=value/),
    ).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/evaluate')).toHaveLength(0);
  });

  it("shows the backend's refusal", async () => {
    const backend = fakeFlagsBackend({ evaluation });
    backend.respond('POST /evaluate', () =>
      errorResponse(404, 'NotFoundError', 'No tenant named nope'),
    );
    await renderFlags(<EvaluateAs />, { backend });
    await userEvent.type(screen.getByLabelText(/^Tenant/), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(await screen.findByText(/No tenant named nope/)).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Evaluation' })).toBeNull();
  });
});
