/** Limits and breaches. */
import { describe, expect, it } from 'vitest';
import { checkLimits } from './limits.ts';

describe('limits', () => {
  it('utilisation, warn and breach per kind; breaches worst first', () => {
    const r = checkLimits(
      { deltaCoin: { BTC: 10, ETH: 100 }, vegaUsd: 5_000, varUsd: 100_000, marginUsage: 0.5, venueConcentration: 0.6 },
      {
        deltaCoin: { BTC: -12 },
        vegaUsd: 4_500,
        varUsd: null,
        marginUsage: { deribit: 0.7, okx: null },
        venueShare: { deribit: 0.55, okx: 0.45 },
      },
    );
    const byKey = Object.fromEntries(r.checks.map((c) => [c.key, c]));
    expect(byKey['deltaCoin:BTC']).toMatchObject({ value: -12, utilisation: 1.2, status: 'breach' });
    expect(byKey['deltaCoin:ETH']).toMatchObject({ value: 0, utilisation: 0, status: 'ok' });
    expect(byKey['vegaUsd']).toMatchObject({ utilisation: 0.9, status: 'warn' });
    expect(byKey['varUsd']).toMatchObject({ value: null, status: 'unknown' });
    expect(byKey['marginUsage:deribit']!.utilisation).toBeCloseTo(1.4, 14);
    expect(byKey['marginUsage:okx']).toMatchObject({ status: 'breach', utilisation: null });
    expect(byKey['venueConcentration:deribit']).toMatchObject({ status: 'warn' });
    expect(r.breaches.map((c) => c.key)).toEqual(['marginUsage:okx', 'marginUsage:deribit', 'deltaCoin:BTC']);
  });
  it('no limits set: nothing to check', () => {
    expect(checkLimits({}, { vegaUsd: 1e9 })).toEqual({ checks: [], breaches: [] });
  });
});
