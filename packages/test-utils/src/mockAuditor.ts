import { mockServices } from '@backstage/backend-test-utils';

/**
 * An auditor whose events can be inspected: `success` and `fail` record how
 * each event created through it ended. Add `auditor.factory` to the test
 * backend's features.
 */
export function createMockAuditor() {
  const success = jest.fn(async (_options?: unknown) => {});
  const fail = jest.fn(async (_options?: unknown) => {});
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => ({ success, fail })),
  });
  return { auditor, success, fail };
}
