import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, checkDraft, suggestInstruments, unitsFor } from './addPositionModel.ts';
import type { MarketInstrument } from '../../state/slices/marketSlice.ts';

const market: MarketInstrument[] = [
  { name: 'BTC', kind: 'spot', underlying: 'BTC' },
  { name: 'BTC-PERPETUAL', kind: 'perpetual', underlying: 'BTC' },
  { name: 'BTC-25SEP26-90000-C', kind: 'option', underlying: 'BTC', strike: 90000 },
  { name: 'ETH-25SEP26-3000-C', kind: 'option', underlying: 'ETH', strike: 3000 },
];
const names = new Set(market.map((m) => m.name));

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

  it('warns when the market cannot price the instrument', () => {
    const r = checkDraft({ ...EMPTY_DRAFT, instrument: 'SOL-PERPETUAL', quantity: '1' }, names);
    expect(r.ok && r.warning).toContain('unpriced');
  });

  it('suggests prefix matches before substring matches', () => {
    expect(suggestInstruments(market, 'btc-').map((i) => i.name)).toEqual(['BTC-PERPETUAL', 'BTC-25SEP26-90000-C']);
    expect(suggestInstruments(market, '25SEP').map((i) => i.name)).toEqual(['BTC-25SEP26-90000-C', 'ETH-25SEP26-3000-C']);
    expect(suggestInstruments(market, '', 2)).toHaveLength(2);
  });

  it('offers only units that apply', () => {
    expect(unitsFor('BTC-PERPETUAL')).toEqual(['coin', 'usd', 'contracts']);
    expect(unitsFor('BTC')).toEqual(['coin']);
    expect(unitsFor('')).toEqual(['coin', 'usd', 'contracts']);
  });
});
