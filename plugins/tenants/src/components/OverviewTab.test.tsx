import { tenant } from '../__testUtils__';
import { applicationsText } from './OverviewTab';

describe('applicationsText', () => {
  it('names the apps serving the tenant, or none', () => {
    expect(applicationsText(tenant('acme', { applications: ['crm'] }))).toBe(
      'crm',
    );
    expect(applicationsText(tenant('acme', { applications: [] }))).toBe('none');
  });

  it('says the applications are unknown when the apps plugin does not answer, not none', () => {
    const { applications: _, ...unknown } = tenant('acme');
    expect(
      applicationsText({ ...unknown, applicationsUnavailable: true }),
    ).toMatch(/^unknown/);
  });
});
