import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MarketSnapshot } from '../domain/market.ts';
import { buildMarketModel, forwardAt, volAt } from '../engine/index.ts';
import { importDeribitBookSummary } from '../io/deribitBookSummary.ts';
import { median } from '../io/marketSnapshot.ts';
import { LiveMarketState, type LiveBootstrapData } from './marketState.ts';
import { instrumentsFromSummaries } from '../../scripts/mockDeribit.ts';

const fx = (name: string) =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
type Row = Record<string, unknown> & { instrument_name: string };
const options = (fx('book-summary-btc-option-2026-04-28.json').result as Row[]).map((r) => ({ ...r }));
const futures = fx('book-summary-btc-future-2026-04-28.constructed.json').result as Row[];
const frames = (file: string) =>
  new Map((fx(`deribit-live/${file}`).items as { id: string; frame: unknown }[]).map((i) => [i.id, i.frame]));
const markFrames = frames('ws_markprice_options.json');
const indexFrames = frames('ws_price_index_and_dvol.json');
const tickerFrames = frames('ws_ticker_futures_perpetuals.json');

const NOW = 1_800_000_000_000;
const medianDelivery = median(options.map((r) => r.estimated_delivery_price as number));

function bootData(indexPrices: Record<string, number> = { btc_usd: medianDelivery }): LiveBootstrapData {
  return { instruments: instrumentsFromSummaries([...options, ...futures]), summaries: [...options, ...futures], indexPrices };
}

function built(state: LiveMarketState): MarketSnapshot {
  const r = state.build();
  if (!r.ok) throw new Error(r.error);
  return r.snapshot;
}

function fresh(indexPrices?: Record<string, number>): LiveMarketState {
  const s = new LiveMarketState({ sourceLabel: 'test' });
  s.bootstrap(bootData(indexPrices), NOW);
  return s;
}

const JUN26 = Date.UTC(2026, 5, 26, 8);
const JUL31 = Date.UTC(2026, 6, 31, 8);
const APR30 = Date.UTC(2026, 3, 30, 8);
const iso = (ms: number) => new Date(ms).toISOString();
const smilePoint = (s: MarketSnapshot, expiryMs: number, strike: number) =>
  s.underlyings.BTC!.smiles.find((x) => x.expiry === iso(expiryMs))!.points.find((p) => p.strike === strike)!.iv;
const fwd = (s: MarketSnapshot, expiryMs: number) => s.underlyings.BTC!.forwards.find((f) => f.expiry === iso(expiryMs))!.price;

describe('bootstrap = the file importer on the same responses', () => {
  it('builds exactly the snapshot importDeribitBookSummary makes from the same book summaries (index = the feed)', () => {
    const file = importDeribitBookSummary({ result: [...options, ...futures] });
    if (!file.ok) throw new Error(file.error);
    const live = built(fresh());
    expect(live.valuationTime).toBe(file.snapshot.valuationTime);
    expect(live.valuationTime).toBe('2026-04-28T19:22:25.016Z'); // the latest creation_timestamp
    expect(live.underlyings).toEqual(file.snapshot.underlyings);
    expect(live.source).toMatch(/^test at 2026-04-28T19:22:25\.016Z \(BTC 908 options, 7 futures\)$/);
  });

  it('takes the index from get_index_price when it differs from the book summary', () => {
    const live = built(fresh({ btc_usd: 76100.5 }));
    expect(live.underlyings.BTC!.index).toBe(76100.5);
  });

  it('subscribes one markprice and one index channel per index and a ticker per future', () => {
    expect(fresh().channels()).toEqual([
      'markprice.options.btc_usd',
      'deribit_price_index.btc_usd',
      'ticker.BTC-1MAY26.agg2',
      'ticker.BTC-25DEC26.agg2',
      'ticker.BTC-25SEP26.agg2',
      'ticker.BTC-26JUN26.agg2',
      'ticker.BTC-26MAR27.agg2',
      'ticker.BTC-29MAY26.agg2',
      'ticker.BTC-8MAY26.agg2',
    ]);
  });
});

describe('markprice.options: first event the whole chain, later ones only changes', () => {
  const fullChain = options.map((r) => ({
    timestamp: r.creation_timestamp,
    iv: Number(((r.mark_iv as number) / 100).toFixed(4)),
    instrument_name: r.instrument_name,
    mark_price: r.mark_price,
  }));

  it('a full chain equal to the bootstrap changes no number', () => {
    const s = fresh();
    const before = built(s);
    expect(s.apply('markprice.options.btc_usd', fullChain, NOW + 1000)).toEqual(['BTC']);
    expect(built(s).underlyings).toEqual(before.underlyings);
  });

  it('changed-only events update their instruments and leave the rest of the last full chain as it was', () => {
    const s = fresh();
    s.apply('markprice.options.btc_usd', fullChain, NOW + 1000);
    const base = built(s);
    const t = 1777404146000;
    s.apply(
      'markprice.options.btc_usd',
      [{ timestamp: t, iv: 0.4, instrument_name: 'BTC-26JUN26-86000-C', mark_price: 0.0235 }],
      NOW + 2000,
    );
    const one = built(s);
    expect(smilePoint(one, JUN26, 86000)).toBe(0.4); // K ≥ F: the call's vol is the smile point
    // 30APR26 is an index_price expiry: its forward comes from put-call parity at the pair nearest the money
    const file = importDeribitBookSummary({ result: [...options, ...futures] });
    if (!file.ok) throw new Error(file.error);
    const K = file.forwardDerivations.BTC!.find((d) => d.expiry === iso(APR30))!.parityStrike!;
    const put = options.find((r) => r.instrument_name === `BTC-30APR26-${K}-P`)!;
    const call = options.find((r) => r.instrument_name === `BTC-30APR26-${K}-C`)!;
    const C = (call.mark_price as number) + 0.001;
    s.apply(
      'markprice.options.btc_usd',
      [{ timestamp: t + 1000, iv: (call.mark_iv as number) / 100, instrument_name: call.instrument_name, mark_price: C }],
      NOW + 3000,
    );
    const two = built(s);
    expect(smilePoint(two, JUN26, 86000)).toBe(0.4); // the first change is still applied
    expect(two.valuationTime).toBe(iso(t + 1000));
    for (const sm of two.underlyings.BTC!.smiles) {
      for (const p of sm.points) {
        if (sm.expiry === iso(JUN26) && p.strike === 86000) continue;
        if (sm.expiry === iso(APR30)) continue; // its forward moved, so its OTM sides may switch
        expect(p.iv).toBe(smilePoint(base, Date.parse(sm.expiry), p.strike));
      }
    }
    // inverse parity: C − P = (F − K)/F  ⇒  F = K / (1 − (C − P)), with the streamed call mark
    expect(fwd(two, APR30)).toBeCloseTo(K / (1 - (C - (put.mark_price as number))), 4);
  });

  it('the recorded real frames apply: iv is a fraction, mark in coin', () => {
    const s = fresh();
    const frame = markFrames.get('markprice_btc_usd_2026-07-26') as { params: { channel: string; data: unknown } };
    expect(s.apply(frame.params.channel, frame.params.data, NOW)).toEqual(['BTC']);
    const snap = built(s);
    // The valuation time follows the data's own clock, so the expiries before 2026-07-26 have expired.
    expect(snap.valuationTime).toBe('2026-07-26T15:17:03.870Z');
    expect(snap.underlyings.BTC!.smiles.every((x) => Date.parse(x.expiry) > Date.parse(snap.valuationTime))).toBe(true);
    expect(snap.underlyings.BTC!.smiles.some((x) => x.expiry === iso(JUL31))).toBe(true);
    expect(s.problems()).toEqual([]);
  });

  it('refuses NaN, negative and missing values per instrument and keeps the last good ones', () => {
    const s = fresh();
    const base = built(s);
    const t = 1777404146000;
    s.apply(
      'markprice.options.btc_usd',
      [
        { timestamp: t, iv: null, instrument_name: 'BTC-26JUN26-86000-C', mark_price: -0.01 },
        { timestamp: t, iv: 0, instrument_name: 'BTC-26JUN26-86000-P', mark_price: 'x' },
        { timestamp: t, mark_price: 0.5 },
      ],
      NOW + 1000,
    );
    const after = built(s);
    expect(smilePoint(after, JUN26, 86000)).toBe(smilePoint(base, JUN26, 86000));
    expect(fwd(after, JUN26)).toBe(fwd(base, JUN26));
    const kinds = s.problems().map((p) => `${p.kind} ${p.instrument}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'bad-mark BTC-26JUN26-86000-C',
        'bad-iv BTC-26JUN26-86000-C',
        'bad-mark BTC-26JUN26-86000-P',
        'bad-iv BTC-26JUN26-86000-P',
        'bad-message markprice.options.btc_usd',
      ]),
    );
    // a good value clears the instrument's problems
    s.apply(
      'markprice.options.btc_usd',
      [{ timestamp: t + 1, iv: 0.41, instrument_name: 'BTC-26JUN26-86000-C', mark_price: 0.021 }],
      NOW + 2000,
    );
    expect(s.problems().some((p) => p.instrument === 'BTC-26JUN26-86000-C')).toBe(false);
    expect(smilePoint(built(s), JUN26, 86000)).toBe(0.41);
  });

  it('an instrument the bootstrap did not know is reported, not valued, and asks for a resync', () => {
    const s = fresh();
    const frame = markFrames.get('markprice_eth_usd_2026-09') as { params: { channel: string; data: unknown } };
    expect(s.apply(frame.params.channel, frame.params.data, NOW)).toEqual([]);
    expect(
      s
        .problems()
        .map((p) => `${p.kind} ${p.instrument}`)
        .sort(),
    ).toEqual(['unknown-instrument ETH-25SEP26-2600-P', 'unknown-instrument ETH-26SEP26-2760-C']);
    expect(s.wantsResync).toBe(true);
    expect(Object.keys(built(s).underlyings)).toEqual(['BTC']);
    // a resync that still lacks them clears the old unknown reports (the stream will report them again)
    s.bootstrap(bootData(), NOW + 5000);
    expect(s.problems()).toEqual([]);
  });

  it('ignores rows older than what an instrument already has', () => {
    const s = fresh();
    const t = 1777404146000;
    s.apply('markprice.options.btc_usd', [{ timestamp: t, iv: 0.41, instrument_name: 'BTC-26JUN26-86000-C', mark_price: 0.021 }], NOW);
    s.apply('markprice.options.btc_usd', [{ timestamp: t - 1, iv: 0.3, instrument_name: 'BTC-26JUN26-86000-C', mark_price: 0.01 }], NOW);
    expect(smilePoint(built(s), JUN26, 86000)).toBe(0.41);
  });
});

describe('index and futures marks move the forwards the way Deribit defines them', () => {
  it('deribit_price_index: the index, SYN expiries scaled by S/S0, listed-future expiries untouched', () => {
    const s = fresh();
    const base = built(s);
    const s0 = base.underlyings.BTC!.index;
    const S = 77000;
    s.apply('deribit_price_index.btc_usd', { index_name: 'btc_usd', price: S, timestamp: 1777404146000 }, NOW + 1000);
    const after = built(s);
    expect(after.underlyings.BTC!.index).toBe(S);
    expect(fwd(after, JUL31)).toBeCloseTo(fwd(base, JUL31) * (S / s0), 6); // SYN.BTC-31JUL26
    expect(fwd(after, JUN26)).toBe(fwd(base, JUN26)); // BTC-26JUN26 waits for its ticker
  });

  it('the recorded eth_usd index frame is refused for a market without ETH only in that it updates nothing', () => {
    const s = fresh();
    const f = indexFrames.get('price_index_eth_usd_2026-09') as { params: { channel: string; data: unknown } };
    expect(s.apply(f.params.channel, f.params.data, NOW)).toEqual([]);
    expect(s.problems()).toEqual([]);
  });

  it('ticker of a listed future: its mark becomes the forward of the options on it', () => {
    const s = fresh();
    s.apply(
      'ticker.BTC-26JUN26.agg2',
      { instrument_name: 'BTC-26JUN26', mark_price: 77123.5, timestamp: 1777404147000, best_bid_price: 77120, best_ask_price: 77127 },
      NOW,
    );
    const after = built(s);
    expect(fwd(after, JUN26)).toBe(77123.5);
    expect(after.underlyings.BTC!.halfSpreads!['BTC-26JUN26']).toBe(3.5);
    const model = buildMarketModel(after);
    const ul = model.underlyings.get('BTC')!;
    expect(forwardAt(ul, model.valuationMs, JUN26)).toBeCloseTo(77123.5, 6);
    expect(volAt(ul, model.valuationMs, JUN26, 86000)).toBeCloseTo(0.3864, 10);
  });

  it('a ticker with a null or negative mark is a problem; the last good mark stays', () => {
    const s = fresh();
    const base = built(s);
    s.apply('ticker.BTC-26JUN26.agg2', { instrument_name: 'BTC-26JUN26', mark_price: null, timestamp: 1777404147000 }, NOW);
    s.apply('deribit_price_index.btc_usd', { index_name: 'btc_usd', price: -1, timestamp: 1777404147000 }, NOW);
    expect(fwd(built(s), JUN26)).toBe(fwd(base, JUN26));
    expect(built(s).underlyings.BTC!.index).toBe(base.underlyings.BTC!.index);
    expect(
      s
        .problems()
        .map((p) => p.kind)
        .sort(),
    ).toEqual(['bad-index', 'bad-mark']);
  });

  it('the recorded BTC-PERPETUAL ticker names an instrument this chain does not have: reported', () => {
    const s = fresh();
    const f = tickerFrames.get('ticker_BTC-PERPETUAL_100ms_2025-12-12') as { params: { channel: string; data: unknown } };
    expect(s.apply(f.params.channel, f.params.data, NOW)).toEqual([]);
    expect(s.problems()[0]).toMatchObject({ kind: 'unknown-instrument', instrument: 'BTC-PERPETUAL' });
  });

  it('a perpetual in the bootstrap takes its streamed mark and funding', () => {
    const perp = {
      instrument_name: 'BTC-PERPETUAL',
      mark_price: 76100,
      estimated_delivery_price: medianDelivery,
      creation_timestamp: 1777404145005,
      base_currency: 'BTC',
      funding_8h: 0.00001,
    };
    const s = new LiveMarketState();
    s.bootstrap({ instruments: [], summaries: [...options, ...futures, perp], indexPrices: {} }, NOW);
    expect(built(s).underlyings.BTC!.perpetual).toBe(76100);
    const f = tickerFrames.get('ticker_BTC-PERPETUAL_100ms_2025-12-12') as { params: { channel: string; data: { funding_8h: number } } };
    s.apply('ticker.BTC-PERPETUAL.agg2', { ...f.params.data, timestamp: 1777404146000 }, NOW);
    const after = built(s);
    expect(after.underlyings.BTC!.perpetual).toBe(92281.78);
    expect(after.underlyings.BTC!.fundingRate).toBeCloseTo(0.00001742 * 3 * 365, 12);
  });
});

describe('freshness per underlying', () => {
  it('last update time per underlying; stale after the threshold without updates', () => {
    const s = fresh();
    expect(s.freshness(NOW + 4000, 5000).BTC).toMatchObject({ lastUpdateMs: NOW, ageMs: 4000, stale: false });
    expect(s.freshness(NOW + 5001, 5000).BTC!.stale).toBe(true);
    s.apply('deribit_price_index.btc_usd', { index_name: 'btc_usd', price: 76000, timestamp: 1777404146000 }, NOW + 6000);
    expect(s.freshness(NOW + 6500, 5000).BTC).toMatchObject({ lastUpdateMs: NOW + 6000, lastExchangeMs: 1777404146000, stale: false });
  });

  it('a refused update does not count as an update', () => {
    const s = fresh();
    s.apply('deribit_price_index.btc_usd', { index_name: 'btc_usd', price: Number.NaN, timestamp: 1 }, NOW + 6000);
    expect(s.freshness(NOW + 6000, 5000).BTC!.stale).toBe(true);
  });

  it('keeps only the asked underlyings', () => {
    const s = new LiveMarketState({ underlyings: ['ETH'] });
    s.bootstrap(bootData(), NOW);
    expect(s.size).toBe(0);
    expect(s.build().ok).toBe(false);
  });
});

describe('linear (USDC) products and the currencies a book needs', () => {
  it('a linear perpetual subscribes its _usdc index and ticker; the underlying keeps the USD index', () => {
    const linearPerp = {
      instrument_name: 'BTC_USDC-PERPETUAL',
      mark_price: 76101.5,
      estimated_delivery_price: 76090.5,
      creation_timestamp: 1777404145005,
      base_currency: 'BTC',
      quote_currency: 'USDC',
    };
    const s = new LiveMarketState();
    s.bootstrap(
      {
        instruments: instrumentsFromSummaries([...options, ...futures, linearPerp]),
        summaries: [...options, ...futures, linearPerp],
        indexPrices: { btc_usd: 76090.54, btc_usdc: 76090.2 },
      },
      NOW,
    );
    expect(s.channels()).toEqual(
      expect.arrayContaining(['deribit_price_index.btc_usdc', 'deribit_price_index.btc_usd', 'ticker.BTC_USDC-PERPETUAL.agg2']),
    );
    const snap = built(s);
    expect(snap.underlyings.BTC!.index).toBe(76090.54); // btc_usd preferred (btc_usdc is pegged to it)
    expect(snap.underlyings.BTC!.perpetual).toBe(76101.5); // the only perpetual here is the linear one
    // the recorded BTC_USDC-PERPETUAL ticker (exponent spelling 1.423e-4, 5.149e-5) applies
    const f = tickerFrames.get('ticker_BTC_USDC-PERPETUAL_100ms_2026-09-23') as {
      params: { channel: string; data: Record<string, unknown> };
    };
    s.apply(f.params.channel, { ...f.params.data, timestamp: 1777404146000 }, NOW);
    expect(built(s).underlyings.BTC!.perpetual).toBe(86778.14);
    expect(built(s).underlyings.BTC!.fundingRate).toBeCloseTo(5.149e-5 * 3 * 365, 12);
  });

  it('currenciesForBook: BTC and ETH always, the inverse coins, USDC for linear products', async () => {
    const { currenciesForBook } = await import('./marketSession.ts');
    const book = (names: string[]) => ({
      name: 'b',
      positions: names.map((instrument, i) => ({ id: `p${i}`, instrument, quantity: 1, entryPrice: null, venue: 'deribit', label: '' })),
    });
    expect(currenciesForBook(book([]))).toEqual({ currencies: ['BTC', 'ETH'], underlyings: ['BTC', 'ETH'] });
    expect(currenciesForBook(book(['SOL_USDC-27DEC24-200-C', 'BTC-PERPETUAL', 'USDC', 'XRP']))).toEqual({
      currencies: ['BTC', 'ETH', 'USDC'],
      underlyings: ['BTC', 'ETH', 'SOL', 'XRP'],
    });
  });
});
