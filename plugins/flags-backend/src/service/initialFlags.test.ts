import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startFlagsBackend } from '../__testUtils__/harness';

jest.setTimeout(120_000);

describe('flags.initialFlags', () => {
  const databases = createPortalTestDatabases();

  it.each(databases.eachSupportedId())(
    'creates the configured flags and their values on the first start, audited, on %s',
    async databaseId => {
      const h = await startFlagsBackend(databases, databaseId, {
        initialFlags: [
          {
            key: 'ai_module_enabled',
            description: 'The AI module',
            type: 'boolean',
            variants: [
              { name: 'on', value: true },
              { name: 'off', value: false },
            ],
            defaultVariant: 'off',
            tags: ['ai'],
            values: [
              {
                environment: 'production',
                target: 'plan:professional',
                variant: 'on',
              },
              { environment: 'development', target: 'default', variant: 'on' },
            ],
          },
        ],
      });
      try {
        const flag = (await h.as('oscar').get('/flags/ai_module_enabled')).body;
        expect(flag).toMatchObject({ createdBy: 'system', tags: ['ai'] });
        expect(flag.values).toEqual([
          expect.objectContaining({
            environment: 'development',
            target: 'default',
            variant: 'on',
          }),
          expect.objectContaining({
            environment: 'production',
            target: 'plan:professional',
            variant: 'on',
          }),
        ]);
        expect(h.auditEvents().map(event => event.eventId)).toEqual([
          'flag-create',
          'flag-value-set',
          'flag-value-set',
        ]);
        // A professional tenant provisioned later gets the plan's value.
        await h.provision({ acme: 'professional' });
        const acme = await h.as('oscar').get('/tenants/acme/flags');
        expect(acme.body.flags).toEqual([
          expect.objectContaining({
            key: 'ai_module_enabled',
            value: true,
            layer: 'plan',
          }),
        ]);
      } finally {
        await h.backend.stop();
      }
    },
  );
});
