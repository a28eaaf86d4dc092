import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MarketSnapshot } from '../domain/market.ts';
import { importMarketText } from './importMarket.ts';
import { importMarketFiles, mergeMarketSnapshots, TIME_SPREAD_WARN_MS } from './mergeMarket.ts';
import { isoFromMs, serializeMarketSnapshot } from './marketSnapshot.ts';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/market/${name}`, import.meta.url), 'utf8');
const publicData = (name: string): string => readFileSync(new URL(`../../public/data/${name}`, import.meta.url), 'utf8');

type RawEntry = Record<string, unknown> & { instrument_name: string };
const optionsText = fixture('deribit-book-summary-btc-2026-04-28-subset.json');
const options = (JSON.parse(optionsText) as { result: RawEntry[] }).result;
const T = 1777404145016; // the latest creation_timestamp of the real options response

/**
 * A BTC futures book summary for the same moment, built from the real options response: BTC-1MAY26 at the
 * underlying_price its options quote, plus a later future and the perpetual (values chosen near that forward).
 */
const futures: RawEntry[] = [
  {
    instrument_name: 'BTC-1MAY26',
    mark_price: Number(options.find((e) => e.underlying_index === 'BTC-1MAY26')?.underlying_price),
    creation_timestamp: T,
    estimated_delivery_price: 76090.54,
    base_currency: 'BTC',
    bid_price: 76100,
    ask_price: 76110,
  },
  { instrument_name: 'BTC-26JUN26', mark_price: 76900.5, creation_timestamp: T, estimated_delivery_price: 76090.54, base_currency: 'BTC' },
  {
    instrument_name: 'BTC-PERPETUAL',
    mark_price: 76095.25,
    creation_timestamp: T,
    estimated_delivery_price: 76090.54,
    base_currency: 'BTC',
    funding_8h: 0.00001,
  },
];
const futuresText = JSON.stringify({ jsonrpc: '2.0', result: futures });

/** ETH from the bundled default market, re-timed to the BTC files' moment (its expiries are all later). */
function ethSnapshotText(valuationMs = T): string {
  const market = JSON.parse(publicData('default-market.json')) as MarketSnapshot;
  const eth = market.underlyings.ETH!;
  const snapshot: MarketSnapshot = {
    schemaVersion: 1,
    valuationTime: isoFromMs(valuationMs),
    source: 'ETH part of the default market',
    underlyings: { ETH: { ...eth, forwards: eth.forwards.filter((f) => Date.parse(f.expiry) > valuationMs) } },
  };
  return serializeMarketSnapshot(snapshot);
}

describe('importMarketFiles', () => {
  it('one file is read exactly as importMarketText reads it', () => {
    const one = importMarketFiles([{ fileName: 'btc-options.json', text: optionsText }]);
    expect(one).toEqual(importMarketText(optionsText, 'btc-options.json'));
  });

  it('pools a currency’s options and futures summaries: smiles from the options, forwards and perpetual from the futures', () => {
    const r = importMarketFiles([
      { fileName: 'btc-options.json', text: optionsText },
      { fileName: 'btc-futures.json', text: futuresText },
    ]);
    if (!r.ok) throw new Error(r.error);
    const alone = importMarketText(optionsText, 'btc-options.json');
    if (!alone.ok) throw new Error(alone.error);
    expect(r.format).toBe('merged');
    expect(Object.keys(r.snapshot.underlyings)).toEqual(['BTC']);
    const btc = r.snapshot.underlyings.BTC!;
    // Smiles are the options file's own.
    expect(btc.smiles).toEqual(alone.snapshot.underlyings.BTC!.smiles);
    // The perpetual and its funding come from the futures file; the options file alone has neither.
    expect(alone.snapshot.underlyings.BTC!.perpetual).toBeUndefined();
    expect(btc.perpetual).toBe(76095.25);
    expect(btc.fundingRate).toBeCloseTo(0.00001 * 3 * 365, 12);
    // A future expiry without options (26JUN26) is a quoted forward; 1MAY26 keeps the options' forward.
    expect(btc.forwards.find((f) => f.expiry.startsWith('2026-06-26'))?.price).toBe(76900.5);
    expect(btc.forwards.find((f) => f.expiry.startsWith('2026-05-01'))?.price).toBe(
      alone.snapshot.underlyings.BTC!.forwards.find((f) => f.expiry.startsWith('2026-05-01'))?.price,
    );
    expect(btc.halfSpreads?.['BTC-1MAY26']).toBe(5);
    expect(r.snapshot.valuationTime).toBe(isoFromMs(T));
    expect(r.snapshot.source).toContain('btc-options.json + btc-futures.json');
  });

  it('merges currencies by underlying: BTC summaries plus an ETH snapshot JSON', () => {
    const r = importMarketFiles([
      { fileName: 'btc-options.json', text: optionsText },
      { fileName: 'btc-futures.json', text: futuresText },
      { fileName: 'eth.json', text: ethSnapshotText() },
    ]);
    if (!r.ok) throw new Error(r.error);
    expect(Object.keys(r.snapshot.underlyings).sort()).toEqual(['BTC', 'ETH']);
    const eth = JSON.parse(ethSnapshotText()) as MarketSnapshot;
    expect(r.snapshot.underlyings.ETH!.index).toBe(eth.underlyings.ETH!.index);
    expect(r.snapshot.underlyings.ETH!.smiles.length).toBe(eth.underlyings.ETH!.smiles.length);
    expect(r.snapshot.source).toMatch(/^merged: btc-options\.json \+ btc-futures\.json \(BTC\); eth\.json \(ETH\)$/);
    expect(r.warnings.some((w) => w.includes('apart'))).toBe(false);
  });

  it('warns when the files were taken far apart and values everything at the latest time', () => {
    const later = T + 2 * 3_600_000;
    const r = importMarketFiles([
      { fileName: 'btc-options.json', text: optionsText },
      { fileName: 'eth.json', text: ethSnapshotText(later) },
    ]);
    if (!r.ok) throw new Error(r.error);
    expect(r.snapshot.valuationTime).toBe(isoFromMs(later));
    const w = r.warnings.find((x) => x.includes('apart'));
    expect(w).toMatch(/2\.0 h apart/);
    expect(w).toContain('btc-options.json');
    expect(w).toContain('eth.json');
    expect(TIME_SPREAD_WARN_MS).toBe(15 * 60_000);
  });

  it('uses an exact repeat of an instrument once and refuses a conflicting duplicate, naming both files', () => {
    const again = importMarketFiles([
      { fileName: 'a.json', text: futuresText },
      { fileName: 'b.json', text: futuresText },
      { fileName: 'btc-options.json', text: optionsText },
    ]);
    expect(again.ok).toBe(true);
    const changed = JSON.stringify({ result: [{ ...futures[2], mark_price: 76111 }] });
    const clash = importMarketFiles([
      { fileName: 'btc-futures.json', text: futuresText },
      { fileName: 'perp-later.json', text: changed },
    ]);
    expect(clash.ok).toBe(false);
    if (clash.ok) return;
    expect(clash.error).toContain('BTC-PERPETUAL is in both btc-futures.json (mark_price 76095.25');
    expect(clash.error).toContain('perp-later.json (mark_price 76111');
    expect(clash.error).toContain('conflicting duplicates');
  });

  it('refuses the same underlying from two snapshot files with different data; identical data is used once', () => {
    const eth = ethSnapshotText();
    const same = importMarketFiles([
      { fileName: 'eth-1.json', text: eth },
      { fileName: 'eth-2.json', text: eth },
    ]);
    expect(same.ok && same.warnings).toContain('ETH is in both eth-1.json and eth-2.json with the same data: used once');
    const other = JSON.parse(eth) as { underlyings: { ETH: { index: number } } };
    other.underlyings.ETH.index += 1;
    const clash = importMarketFiles([
      { fileName: 'eth-1.json', text: eth },
      { fileName: 'eth-2.json', text: JSON.stringify(other) },
    ]);
    expect(clash).toEqual({
      ok: false,
      error:
        'ETH is in both eth-1.json and eth-2.json with different data (conflicting duplicates): open one of them, or files that each hold other underlyings',
    });
  });

  it('refuses the whole set when one file is not market data, naming that file', () => {
    const r = importMarketFiles([
      { fileName: 'btc-options.json', text: optionsText },
      { fileName: 'book.csv', text: 'instrument,quantity\nBTC,1\n' },
    ]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^book\.csv: this looks like a CSV file/);
  });
});

describe('mergeMarketSnapshots', () => {
  it('keeps one part as it is and refuses nothing to merge', () => {
    const eth = JSON.parse(ethSnapshotText()) as MarketSnapshot;
    expect(mergeMarketSnapshots([{ label: 'x', snapshot: eth }])).toEqual({ ok: true, snapshot: eth, warnings: [] });
    expect(mergeMarketSnapshots([]).ok).toBe(false);
  });
});
