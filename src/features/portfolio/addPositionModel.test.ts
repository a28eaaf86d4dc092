import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, checkDraft, marketContext, suggestInstruments, unitsFor } from './addPositionModel.ts';
import type { MarketInstrument } from '../../state/slices/marketSlice.ts';

const SEP25 = Date.UTC(2026, 8, 25, 8);
const market: MarketInstrument[] = [
  { name: 'BTC', kind: 'spot', underlying: 'BTC' },
  { name: 'ETH', kind: 'spot', underlying: 'ETH' },
  { name: 'BTC-PERPETUAL', kind: 'perpetual', underlying: 'BTC' },
  { name: 'BTC-25SEP26', kind: 'future', underlying: 'BTC', expiryMs: SEP25 },
  { name: 'BTC-25SEP26-90000-C', kind: 'option', underlying: 'BTC', strike: 90000, expiryMs: SEP25 },
  { name: 'ETH-25SEP26-3000-C', kind: 'option', underlying: 'ETH', strike: 3000, expiryMs: SEP25 },
];
const names = marketContext(market, '2026-08-22T03:50:45.199Z');

describe('add position form', () => {
  it('accepts a valid what-if and canonicalises the name', () => {
    const r = checkDraft({ ...EMPTY_DRAFT, instrument: 'btc-25sep26-90000-c', quantity: '-2', entryPrice: '0.01' }, names);
    expect(r).toEqual({
      ok: true,
      warning: null,
      input: { instrument: 'BTC-25SEP26-90000-C', quantity: -2, entryPrice: 0.01, label: '', whatIf: true },
    });
  });

  it('explains what is wrong', () => {
    expect(checkDraft(EMPTY_DRAFT, names)).toEqual({ ok: false, error: 'Pick an instrument' });
    expect(checkDraft({ ...EMPTY_DRAFT, instrument: 'BTC-PERPETUAL', quantity: '0' }, names)).toMatchObject({
      ok: false,
      error: expect.stringContaining('zero'),
    });
    expect(checkDraft({ ...EMPTY_DRAFT, instrument: 'BTC-PERPETUAL', quantity: 'x' }, names)).toMatchObject({ ok: false });
    expect(checkDraft({ ...EMPTY_DRAFT, instrument: 'BTC-05JAN27', quantity: '1' }, names)).toMatchObject({
      ok: false,
      error: expect.stringContaining('leading zero'),
    });
    expect(checkDraft({ ...EMPTY_DRAFT, instrument: 'BTC', quantity: '1', unit: 'usd' }, names)).toMatchObject({
      ok: false,
      error: expect.stringContaining('usd'),
    });
    expect(checkDraft({ ...EMPTY_DRAFT, instrument: 'BTC', quantity: '1', entryPrice: '-3' }, names)).toMatchObject({ ok: false });
  });

  it('says what the engine will do with an instrument the market does not list', () => {
    const warn = (instrument: string) => {
      const r = checkDraft({ ...EMPTY_DRAFT, instrument, quantity: '1' }, names);
      return r.ok ? r.warning : `error: ${r.error}`;
    };
    expect(warn('SOL-PERPETUAL')).toBe('SOL-PERPETUAL: the market has no data for SOL, so it will show as unpriced');
    // An expiry between listed ones is valued by interpolation, not left unpriced.
    expect(warn('BTC-26SEP26-80000-C')).toBe(
      'BTC-26SEP26-80000-C: expiry 26SEP26 is not listed in this market; its value will be interpolated between listed expiries',
    );
    expect(warn('BTC-26SEP26')).toContain('not listed in this market');
    // ETH has a smile but no forward at 25SEP26: the forward is interpolated.
    expect(warn('ETH-25SEP26-3000-P')).toContain('not listed in this market');
    expect(warn('BTC-27DEC24-60000-C')).toBe(
      "BTC-27DEC24-60000-C expired on 27 Dec 2024, before the market's valuation time: it will show as settled, with no figures",
    );
    // Listed expiry, strike between smile nodes, perpetuals, spot and cash: priced normally, no warning.
    for (const name of ['BTC-25SEP26-85000-P', 'BTC-25SEP26', 'BTC-PERPETUAL', 'BTC_USDC-PERPETUAL', 'ETH', 'USDC'])
      expect(warn(name)).toBeNull();
    // No market listed yet: no guess.
    const none = checkDraft({ ...EMPTY_DRAFT, instrument: 'SOL-PERPETUAL', quantity: '1' }, marketContext([], null));
    expect(none.ok && none.warning).toBeNull();
  });

  it('suggests prefix matches before substring matches', () => {
    expect(suggestInstruments(market, 'btc-').map((i) => i.name)).toEqual(['BTC-PERPETUAL', 'BTC-25SEP26', 'BTC-25SEP26-90000-C']);
    expect(suggestInstruments(market, '25SEP').map((i) => i.name)).toEqual(['BTC-25SEP26', 'BTC-25SEP26-90000-C', 'ETH-25SEP26-3000-C']);
    expect(suggestInstruments(market, '', 2)).toHaveLength(2);
  });

  it('offers only units that apply', () => {
    expect(unitsFor('BTC-PERPETUAL')).toEqual(['coin', 'usd', 'contracts']);
    expect(unitsFor('BTC')).toEqual(['coin']);
    expect(unitsFor('')).toEqual(['coin', 'usd', 'contracts']);
  });
});
