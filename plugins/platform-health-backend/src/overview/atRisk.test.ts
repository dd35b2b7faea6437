import { riskReasons, TenantRiskFacts } from './atRisk';

const calm: TenantRiskFacts = {
  failures24h: 0,
  requests24h: 1000,
  driftDetections7d: 0,
  credentialFailures7d: 0,
};

describe('the at-risk rule', () => {
  it('needs both a 10 % failure rate and 20 failures in 24 hours', () => {
    expect(riskReasons({ ...calm, failures24h: 20, requests24h: 200 })).toEqual(
      ['failure-rate'],
    );
    // 19 failures at 100 %: too few to matter.
    expect(riskReasons({ ...calm, failures24h: 19, requests24h: 19 })).toEqual(
      [],
    );
    // 20 failures of 201 calls: just under 10 %.
    expect(riskReasons({ ...calm, failures24h: 20, requests24h: 201 })).toEqual(
      [],
    );
    expect(riskReasons({ ...calm, failures24h: 20, requests24h: 0 })).toEqual(
      [],
    );
  });

  it('flags drift detected 3 times in 7 days, not 2', () => {
    expect(riskReasons({ ...calm, driftDetections7d: 2 })).toEqual([]);
    expect(riskReasons({ ...calm, driftDetections7d: 3 })).toEqual(['drift']);
  });

  it('flags 5 credential failures in 7 days, not 4', () => {
    expect(riskReasons({ ...calm, credentialFailures7d: 4 })).toEqual([]);
    expect(riskReasons({ ...calm, credentialFailures7d: 5 })).toEqual([
      'credential-failures',
    ]);
  });

  it('names every reason that applies', () => {
    expect(
      riskReasons({
        failures24h: 50,
        requests24h: 100,
        driftDetections7d: 7,
        credentialFailures7d: 50,
      }),
    ).toEqual(['failure-rate', 'drift', 'credential-failures']);
  });
});
