import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currencyKey, currencyParamsFor, DEFAULT_PME_PARAMS, pairParamsFor, parsePmeParams } from './params.ts';

const file = JSON.parse(readFileSync(new URL('../../../public/data/margin-params.json', import.meta.url), 'utf8')) as unknown;

describe('PME parameters', () => {
  it('public/data/margin-params.json is valid and equal to the built-in default', () => {
    const r = parsePmeParams(file);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(DEFAULT_PME_PARAMS);
  });
  it('has the METHODOLOGY.md §4 values', () => {
    expect(DEFAULT_PME_PARAMS.currency_pair['btc_usd']).toMatchObject({
      price_range: 0.16,
      volatility_range_up: 0.5,
      volatility_range_down: 0.25,
    });
    expect(DEFAULT_PME_PARAMS.currency_pair['eth_usd']).toMatchObject({ price_range: 0.18, volatility_range_up: 0.4 });
    expect(DEFAULT_PME_PARAMS.currency['eth']).toMatchObject({
      pnl_offset: 0.6,
      max_offsetable_pnl: 20_000_000,
      extended_dampener: 200_000,
    });
    expect(DEFAULT_PME_PARAMS.currency['usd']).toMatchObject({
      annualised_move_risk: 0.1,
      min_annualised_move: 0.01,
      extended_dampener: 25_000,
      pnl_offset: 0.4,
      max_offsetable_pnl: 1_000_000,
    });
    expect(DEFAULT_PME_PARAMS.general.mm_factor).toBe(0.8);
  });
  it('USDC uses the usd set; unknown underlyings and currencies fall back with a warning', () => {
    expect(currencyKey('USDC')).toBe('usd');
    expect(currencyParamsFor(DEFAULT_PME_PARAMS, 'USDC')).toEqual({ currency: DEFAULT_PME_PARAMS.currency['usd'], warning: null });
    expect(pairParamsFor(DEFAULT_PME_PARAMS, 'SOL').warning).toMatch(/sol_usd/);
    expect(currencyParamsFor(DEFAULT_PME_PARAMS, 'SOL').warning).toMatch(/currency sol/);
  });
  it('accepts Deribit’s own model_params (extra keys ignored, extended moves defaulted)', () => {
    const deribit = {
      currency_pair: { btc_usd: { ...DEFAULT_PME_PARAMS.currency_pair['btc_usd'], m_inc: 0.00005 } },
      currency: { btc: { ...DEFAULT_PME_PARAMS.currency['btc'], haircut: 0, equity_side_impact: 'both', correlation_set: false } },
      general: { mm_factor: 0.8, buckets_count: 4, vol_scenarios_count: 3, timestamp: 1718619740501 },
    };
    const r = parsePmeParams(deribit);
    expect(r.ok && r.value.general.extended_moves).toEqual([-0.66, -0.33, 0.5, 1, 2, 3, 4, 5]);
  });
  it('reports every problem with its path', () => {
    const r = parsePmeParams({
      general: { mm_factor: 0.8, buckets_count: 4, vol_scenarios_count: 5 },
      currency_pair: { btc_usd: { price_range: -1 } },
      currency: [],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('general.vol_scenarios_count: only 3 (up, same, down) is supported');
      expect(r.errors).toContain('currency_pair.btc_usd.price_range: -1 is not a non-negative number');
      expect(r.errors).toContain('currency_pair.btc_usd.volatility_range_up: missing');
      expect(r.errors).toContain('currency: not an object');
    }
    expect(parsePmeParams(null)).toEqual({ ok: false, errors: ['PME parameters: not a JSON object'] });
  });
});
