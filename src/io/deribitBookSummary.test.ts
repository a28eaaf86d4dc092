import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInstrument } from '../domain/instrument.ts';
import { importDeribitBookSummary } from './deribitBookSummary.ts';
import { median } from './marketSnapshot.ts';

interface RawEntry {
  instrument_name: string;
  mark_price: number;
  mark_iv: number;
  underlying_price: number;
  underlying_index: string;
  estimated_delivery_price: number;
  creation_timestamp: number;
  bid_price?: number | null;
  ask_price?: number | null;
}

const FIXTURE = new URL('./__fixtures__/market/deribit-book-summary-btc-2026-04-28-subset.json', import.meta.url);
const raw = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { result: RawEntry[] };
/** Every entry of the real response, with the fields the importer reads (see __fixtures__/market/README.md). */
const FULL = new URL('./__fixtures__/market/deribit-book-summary-btc-2026-04-28-used-fields.json', import.meta.url);

// --- tiny local Black-76 (r = 0) -------------------------------------------------------------------------------
/** Complementary error function, Numerical Recipes `erfcc` (fractional error < 1.2e-7 everywhere). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}
const normCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);
/** Black-76 price in USD per coin; F, K in USD, sigma decimal, T in years. */
function black76(F: number, K: number, sigma: number, T: number, call: boolean): number {
  const sd = sigma * Math.sqrt(T);
  const d1 = (Math.log(F / K) + (sd * sd) / 2) / sd;
  const d2 = d1 - sd;
  return call ? F * normCdf(d1) - K * normCdf(d2) : K * normCdf(-d2) - F * normCdf(-d1);
}
const YEAR_MS = 365 * 86_400_000;

function imported() {
  const r = importDeribitBookSummary(raw);
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('importDeribitBookSummary on the real 2026-04-28 BTC response (subset fixture)', () => {
  const r = imported();
  const btc = r.snapshot.underlyings.BTC;
  if (!btc) throw new Error('BTC missing');
  const forwardOf = (iso: string): number => {
    const f = btc.forwards.find((x) => x.expiry === iso);
    if (!f) throw new Error(`no forward for ${iso}`);
    return f.price;
  };

  it('takes the latest creation_timestamp, base_currency and the median estimated_delivery_price', () => {
    expect(r.snapshot.valuationTime).toBe(new Date(1777404145016).toISOString());
    expect(Object.keys(r.snapshot.underlyings)).toEqual(['BTC']);
    expect(btc.index).toBe(76090.54);
    expect(btc.perpetual).toBeUndefined(); // no perpetual in an options-only response: defaults to the index
    expect(btc.rate).toBe(0);
    expect(r.warnings).toEqual([]);
    expect(r.snapshot.source).toContain('Deribit public/get_book_summary_by_currency');
  });

  it('has one forward and one smile per expiry, sorted, at 08:00 UTC', () => {
    const expected = ['2026-04-29', '2026-04-30', '2026-05-01', '2026-05-02', '2026-07-31'].map((d) => `${d}T08:00:00.000Z`);
    expect(btc.forwards.map((f) => f.expiry)).toEqual(expected);
    expect(btc.smiles.map((s) => s.expiry)).toEqual(expected);
  });

  it('uses underlying_price when underlying_index names a future or a SYN. synthetic', () => {
    expect(forwardOf('2026-05-01T08:00:00.000Z')).toBe(76059.26); // BTC-1MAY26: 31 × 76059.26, 6 × .27, 21 × .28: the median
    const syn = raw.result.filter((e) => e.underlying_index === 'SYN.BTC-31JUL26').map((e) => e.underlying_price);
    expect(forwardOf('2026-07-31T08:00:00.000Z')).toBeCloseTo(median(syn), 6);
    expect(r.forwardDerivations.BTC?.filter((d) => d.method === 'underlying-price').map((d) => d.expiry)).toEqual([
      '2026-05-01T08:00:00.000Z',
      '2026-07-31T08:00:00.000Z',
    ]);
  });

  it('derives the "index_price" expiries by put-call parity: a few dollars to ~$30 below the index', () => {
    const parity = r.forwardDerivations.BTC?.filter((d) => d.method === 'put-call-parity') ?? [];
    expect(parity.map((d) => d.expiry)).toEqual(['2026-04-29T08:00:00.000Z', '2026-04-30T08:00:00.000Z', '2026-05-02T08:00:00.000Z']);
    for (const d of parity) {
      expect(d.parityStrike).toBe(76000);
      const below = btc.index - d.forward;
      expect(below).toBeGreaterThan(3);
      expect(below).toBeLessThan(35);
      expect(forwardOf(d.expiry)).toBe(d.forward);
    }
    // F = K / (1 − (C − P)) from the 76000 pair of 29APR26
    const c = raw.result.find((e) => e.instrument_name === 'BTC-29APR26-76000-C');
    const p = raw.result.find((e) => e.instrument_name === 'BTC-29APR26-76000-P');
    if (!c || !p) throw new Error('fixture pair missing');
    expect(forwardOf('2026-04-29T08:00:00.000Z')).toBeCloseTo(76000 / (1 - (c.mark_price - p.mark_price)), 4);
  });

  it('re-prices near-the-money options of the parity expiries to ~1e-3 with the derived forward, clearly worse with underlying_price', () => {
    const valuationMs = Date.parse(r.snapshot.valuationTime);
    const errParity: number[] = [];
    const errSummary: number[] = [];
    for (const e of raw.result) {
      if (e.underlying_index !== 'index_price') continue;
      const inst = parseInstrument(e.instrument_name);
      if (!inst.ok || inst.value.kind !== 'option') throw new Error(e.instrument_name);
      const F = forwardOf(new Date(inst.value.expiryMs).toISOString());
      const K = inst.value.strike;
      if (Math.abs(K / F - 1) > 0.03 || e.mark_price < 0.001) continue;
      const T = (inst.value.expiryMs - valuationMs) / YEAR_MS;
      const call = inst.value.putCall === 'call';
      const withParity = black76(F, K, e.mark_iv / 100, T, call) / F;
      const withSummary = black76(e.underlying_price, K, e.mark_iv / 100, T, call) / e.underlying_price;
      const a = Math.abs(withParity / e.mark_price - 1);
      const b = Math.abs(withSummary / e.mark_price - 1);
      errParity.push(a);
      errSummary.push(b);
      expect(a, e.instrument_name).toBeLessThan(b);
    }
    expect(errParity.length).toBeGreaterThan(40);
    expect(Math.max(...errParity)).toBeLessThan(1.5e-3);
    expect(median(errParity)).toBeLessThan(2e-4);
    expect(median(errSummary)).toBeGreaterThan(5e-3);
    expect(median(errSummary)).toBeGreaterThan(30 * median(errParity));
  });

  it('builds each smile from the OTM side: mark_iv/100 of the call at K >= F, of the put below', () => {
    for (const smile of btc.smiles) {
      const F = forwardOf(smile.expiry);
      const strikes = smile.points.map((p) => p.strike);
      expect(strikes).toEqual([...strikes].sort((a, b) => a - b));
      for (const pt of smile.points) {
        const side = pt.strike >= F ? 'C' : 'P';
        const entries = raw.result.filter((e) => {
          const inst = parseInstrument(e.instrument_name);
          return (
            inst.ok &&
            inst.value.kind === 'option' &&
            new Date(inst.value.expiryMs).toISOString() === smile.expiry &&
            inst.value.strike === pt.strike
          );
        });
        const otm = entries.find((e) => e.instrument_name.endsWith(`-${side}`) && e.mark_iv > 0);
        const used = otm ?? entries.find((e) => e.mark_iv > 0);
        expect(pt.iv).toBeCloseTo((used?.mark_iv ?? Number.NaN) / 100, 12);
      }
    }
    // one point per quoted strike
    const strikes30Apr = new Set(
      raw.result.filter((e) => e.instrument_name.startsWith('BTC-30APR26-')).map((e) => e.instrument_name.split('-')[2]),
    );
    expect(btc.smiles[1]?.points).toHaveLength(strikes30Apr.size);
  });

  it('records half-spreads (ask − bid)/2 in coin where both sides are positive', () => {
    expect(btc.halfSpreads?.['BTC-30APR26-77500-P']).toBeCloseTo((0.0235 - 0.0205) / 2, 12);
    const both = raw.result.filter((e) => (e.bid_price ?? 0) > 0 && (e.ask_price ?? 0) > 0 && (e.ask_price ?? 0) >= (e.bid_price ?? 0));
    expect(Object.keys(btc.halfSpreads ?? {})).toHaveLength(both.length);
    const noBid = raw.result.find((e) => !((e.bid_price ?? 0) > 0));
    expect(noBid && btc.halfSpreads?.[noBid.instrument_name]).toBeUndefined();
  });

  it('accepts a bare array as well as the JSON-RPC envelope', () => {
    const bare = importDeribitBookSummary(raw.result);
    expect(bare.ok && bare.snapshot).toEqual(r.snapshot);
  });
});

describe('importDeribitBookSummary with futures, perpetuals and edge cases', () => {
  const ts = Date.UTC(2026, 3, 28, 19, 22, 25);
  const opt = (name: string, mark: number, iv: number, extra: Record<string, unknown> = {}) => ({
    instrument_name: name,
    mark_price: mark,
    mark_iv: iv,
    underlying_price: 3000,
    underlying_index: 'index_price',
    estimated_delivery_price: 3000,
    base_currency: 'ETH',
    creation_timestamp: ts,
    bid_price: null,
    ask_price: null,
    ...extra,
  });

  it('takes futures as quoted forwards, the perpetual and its funding, and parity for index_price options', () => {
    // Inverse parity: C − P = (F − K)/F. With F = 3010 and K = 3000, C − P = 10/3010.
    const r = importDeribitBookSummary({
      jsonrpc: '2.0',
      result: [
        opt('ETH-1MAY26-3000-C', 0.02 + 10 / 3010, 60),
        opt('ETH-1MAY26-3000-P', 0.02, 61),
        opt('ETH-1MAY26-2900-P', 0.01, 65, { creation_timestamp: ts + 5 }),
        opt('ETH-1MAY26-3100-C', 0.011, 58, { bid_price: 0.01, ask_price: 0.012 }),
        opt('ETH-1MAY26-3200-C', 0.004, 0), // no IV: skipped, its put is used instead
        opt('ETH-1MAY26-3200-P', 0.06, 57),
        {
          instrument_name: 'ETH-PERPETUAL',
          mark_price: 3001.5,
          estimated_delivery_price: 3000,
          base_currency: 'ETH',
          creation_timestamp: ts,
          funding_8h: 0.0001,
          bid_price: 3001.45,
          ask_price: 3001.55,
        },
        {
          instrument_name: 'ETH-26JUN26',
          mark_price: 3040.25,
          estimated_delivery_price: 3000,
          base_currency: 'ETH',
          creation_timestamp: ts,
        },
        {
          instrument_name: 'ETH_USDC-26JUN26',
          mark_price: 3041,
          estimated_delivery_price: 3000,
          base_currency: 'ETH',
          creation_timestamp: ts,
        },
        { instrument_name: 'ETH-25SEP26', mark_price: 3080, estimated_delivery_price: 2999, base_currency: 'ETH', creation_timestamp: ts },
      ],
    });
    if (!r.ok) throw new Error(r.error);
    const eth = r.snapshot.underlyings.ETH;
    expect(r.snapshot.valuationTime).toBe(new Date(ts + 5).toISOString());
    expect(eth?.index).toBe(3000);
    expect(eth?.perpetual).toBe(3001.5);
    expect(eth?.fundingRate).toBeCloseTo(0.0001 * 3 * 365, 12);
    expect(eth?.forwards).toEqual([
      { expiry: '2026-05-01T08:00:00.000Z', price: 3010 },
      { expiry: '2026-06-26T08:00:00.000Z', price: 3040.25 },
      { expiry: '2026-09-25T08:00:00.000Z', price: 3080 },
    ]);
    expect(eth?.smiles).toEqual([
      {
        expiry: '2026-05-01T08:00:00.000Z',
        points: [
          { strike: 2900, iv: 0.65 },
          { strike: 3000, iv: 0.61 }, // K < F = 3010: the put
          { strike: 3100, iv: 0.58 },
          { strike: 3200, iv: 0.57 }, // call has no IV: the put
        ],
      },
    ]);
    expect(eth?.halfSpreads).toEqual({ 'ETH-1MAY26-3100-C': 0.001, 'ETH-PERPETUAL': 0.05 });
    expect(r.warnings).toEqual([]);
  });

  it('uses linear parity F = K + (C − P) for a USDC-only chain', () => {
    const r = importDeribitBookSummary([
      opt('SOL_USDC-1MAY26-150-C', 8, 70, { base_currency: 'SOL', underlying_price: 151, estimated_delivery_price: 151 }),
      opt('SOL_USDC-1MAY26-150-P', 7.2, 70, { base_currency: 'SOL', underlying_price: 151, estimated_delivery_price: 151 }),
    ]);
    if (!r.ok) throw new Error(r.error);
    expect(r.snapshot.underlyings.SOL?.forwards).toEqual([{ expiry: '2026-05-01T08:00:00.000Z', price: 150.8 }]);
  });

  it('falls back to underlying_price with a warning when no pair allows parity', () => {
    const r = importDeribitBookSummary([opt('ETH-1MAY26-3100-C', 0.01, 58)]);
    if (!r.ok) throw new Error(r.error);
    expect(r.snapshot.underlyings.ETH?.forwards[0]?.price).toBe(3000);
    expect(r.warnings[0]).toContain('no call/put pair with both marks for put-call parity');
  });

  it('skips unreadable entries and expired options with counted warnings', () => {
    const r = importDeribitBookSummary([
      opt('ETH-1MAY26-3100-C', 0.01, 58),
      opt('ETH-1MAY26-3100-P', 0.04, 60),
      opt('ETH-27APR26-3000-P', 0.02, 60),
      { instrument_name: 'ETH-1MAY26-3000-X' },
      { instrument_name: 'BTC_USDC' },
      42,
    ]);
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings).toEqual([
      '1 entry skipped (instrument name not understood): result[3] ETH-1MAY26-3000-X',
      '1 entry skipped (spot instruments carry no derivatives market data): result[4] BTC_USDC',
      '1 entry skipped (not an object with an instrument_name): result[5]',
      'ETH: 1 options expired at or before the valuation time were left out',
    ]);
  });

  it('returns errors, never throws', () => {
    const err = (v: unknown): string => {
      const r = importDeribitBookSummary(v);
      return r.ok ? 'ok' : r.error;
    };
    expect(err({ result: [] })).toBe('the book summary has no entries');
    expect(err({ foo: 1 })).toBe(
      'not a Deribit get_book_summary_by_currency response: expected {"result": [...]} or an array (got an object)',
    );
    expect(err({ jsonrpc: '2.0', error: { code: 10009, message: 'not_enough_funds' } })).toBe(
      'the Deribit response is an error: "not_enough_funds" (code 10009)',
    );
    expect(err([{ instrument_name: 'BTC-1MAY26-70000-C', mark_iv: 50 }])).toBe(
      'no entry has a creation_timestamp, so the valuation time is unknown',
    );
    expect(err([{ instrument_name: 'BTC-1MAY26-70000-C', creation_timestamp: ts, mark_iv: 50 }])).toMatch(
      /^no underlying could be built: BTC: no entry has a positive estimated_delivery_price/,
    );
    expect(err([null, 'x'])).toMatch(/^no usable entries in the book summary; 2 entries skipped/);
    expect(err(null)).toMatch(/^not a Deribit/);
  });
});

describe('importDeribitBookSummary on the full response (908 options)', () => {
  it('builds 12 expiries, 3 of them by parity, with every option’s strike in its smile', () => {
    const full = JSON.parse(readFileSync(FULL, 'utf8')) as { result: RawEntry[] };
    const r = importDeribitBookSummary(full);
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings).toEqual([]);
    const btc = r.snapshot.underlyings.BTC;
    expect(btc?.forwards).toHaveLength(12);
    expect(btc?.smiles).toHaveLength(12);
    expect(r.forwardDerivations.BTC?.filter((d) => d.method === 'put-call-parity')).toHaveLength(3);
    const strikes = new Set(full.result.map((e) => `${e.instrument_name.split('-')[1]}-${e.instrument_name.split('-')[2]}`));
    expect(btc?.smiles.reduce((n, s) => n + s.points.length, 0)).toBe(strikes.size);
  });
});
