import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstrument } from '../domain/instrument.ts';
import { importMarketText } from './importMarket.ts';
import { serializeMarketSnapshot } from './marketSnapshot.ts';
import { propertyRuns } from '../testing/properties.ts';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/market/${name}`, import.meta.url), 'utf8');
const publicData = (name: string): string => readFileSync(new URL(`../../public/data/${name}`, import.meta.url), 'utf8');

describe('importMarketText', () => {
  it('detects a market snapshot', () => {
    const r = importMarketText(fixture('snapshot-small.json'), 'snap.json');
    expect(r.ok && r.format).toBe('snapshot');
    expect(r.ok && r.warnings).toEqual([]);
    expect(r.ok && r.snapshot.source).toBe('hand-written test fixture');
  });

  it('detects a Deribit book summary (envelope or bare array) and names the file in the source', () => {
    const text = fixture('deribit-book-summary-btc-2026-04-28-subset.json');
    const r = importMarketText(text, 'summary.json');
    if (!r.ok) throw new Error(r.error);
    expect(r.format).toBe('deribit-book-summary');
    expect(r.snapshot.source).toMatch(/^summary\.json: Deribit public\/get_book_summary_by_currency/);
    const bare = importMarketText(JSON.stringify((JSON.parse(text) as { result: unknown[] }).result), 'bare.json');
    expect(bare.ok && bare.format).toBe('deribit-book-summary');
  });

  it('accepts a BOM and surrounding whitespace', () => {
    const r = importMarketText(`\uFEFF\n  ${fixture('snapshot-small.json')}\n`, 'bom.json');
    expect(r.ok).toBe(true);
  });

  it('prefixes every error with the file name', () => {
    const err = (text: string): string => {
      const r = importMarketText(text, 'm.json');
      return r.ok ? 'ok' : r.error;
    };
    const expected = 'expected a market snapshot JSON (schemaVersion 1) or a Deribit public/get_book_summary_by_currency response';
    expect(err('')).toBe(`m.json: the file is empty; ${expected}`);
    expect(err('{"schemaVersion": 1,')).toMatch(/^m\.json: not valid JSON \(.+\); expected a market snapshot/);
    expect(err('instrument_name,underlying\nBTC-25SEP26-90000-C,79000')).toBe(`m.json: this looks like a CSV file, not JSON; ${expected}`);
    expect(err('{"schemaVersion": 2}')).toBe('m.json: schemaVersion must be 1 (got 2)');
    expect(err('{"result": []}')).toBe('m.json: the book summary has no entries');
    expect(err('{"schemaVersion": 1, "positions": []}')).toBe('m.json: valuationTime must be an ISO-8601 string (got nothing)');
    expect(err('{"name": "book", "positions": []}')).toBe(`m.json: this is a portfolio file, not market data; ${expected}`);
    expect(err('42')).toBe(`m.json: unrecognised JSON; ${expected}`);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ result: [v] })),
          fc.jsonValue().map((v) => JSON.stringify({ schemaVersion: 1, underlyings: v })),
        ),
        (text) => {
          const r = importMarketText(text, 'fuzz.json');
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: propertyRuns(300), seed: 20260822 },
    );
  });
});

describe('embedded default data (public/data)', () => {
  const market = importMarketText(publicData('default-market.json'), 'default-market.json');
  if (!market.ok) throw new Error(market.error);
  const { snapshot } = market;

  it('default-market.json parses with no warnings, holds BTC and ETH, and is in canonical form', () => {
    expect(market.format).toBe('snapshot');
    expect(market.warnings).toEqual([]);
    expect(Object.keys(snapshot.underlyings)).toEqual(['BTC', 'ETH']);
    expect(snapshot.valuationTime).toBe('2026-08-22T03:50:45.199Z');
    expect(snapshot.source).toContain('094251c');
    expect(serializeMarketSnapshot(snapshot)).toBe(publicData('default-market.json'));
    for (const u of Object.values(snapshot.underlyings)) {
      expect(u.perpetual).toBeUndefined();
      expect(u.forwards).toHaveLength(12);
      expect(u.smiles.map((s) => s.expiry)).toEqual(u.forwards.map((f) => f.expiry));
    }
  });

  const csv = publicData('default-portfolio.csv').trimEnd().split('\n');
  const header = csv[0]?.split(',') ?? [];
  const rows = csv.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i] ?? '', v])));

  it('default-portfolio.csv has the contract columns and 25–35 positions', () => {
    expect(header).toEqual(['instrument', 'quantity', 'unit', 'entry_price', 'venue', 'label']);
    expect(rows.length).toBeGreaterThanOrEqual(25);
    expect(rows.length).toBeLessThanOrEqual(35);
  });

  it('every instrument parses and its expiry is quoted (options: a smile; futures: a forward)', () => {
    for (const row of rows) {
      const parsed = parseInstrument(row.instrument ?? '');
      expect(parsed.ok, row.instrument).toBe(true);
      if (!parsed.ok) continue;
      const inst = parsed.value;
      expect(Number.isFinite(Number(row.quantity)) && Number(row.quantity) !== 0, row.instrument).toBe(true);
      if (inst.kind === 'cash') continue;
      const u = snapshot.underlyings[inst.underlying];
      expect(u, row.instrument).toBeDefined();
      if (inst.kind === 'option') {
        const smile = u?.smiles.find((s) => Date.parse(s.expiry) === inst.expiryMs);
        expect(smile, row.instrument).toBeDefined();
        expect(
          smile?.points.some((p) => p.strike === inst.strike),
          row.instrument,
        ).toBe(true);
      }
      if (inst.kind === 'future') {
        expect(
          u?.forwards.some((f) => Date.parse(f.expiry) === inst.expiryMs),
          row.instrument,
        ).toBe(true);
      }
    }
  });

  it('covers the kinds, units and venues the sample book promises', () => {
    const kinds = rows.map((r) => {
      const p = parseInstrument(r.instrument ?? '');
      return p.ok ? `${p.value.settlement} ${p.value.kind}` : 'bad';
    });
    for (const k of [
      'inverse option',
      'linear option',
      'inverse future',
      'inverse perpetual',
      'linear perpetual',
      'linear spot',
      'linear cash',
    ]) {
      expect(kinds, k).toContain(k);
    }
    expect(rows.map((r) => r.instrument)).toEqual(
      expect.arrayContaining(['BTC-PERPETUAL', 'ETH-PERPETUAL', 'BTC_USDC-PERPETUAL', 'ETH_USDC-PERPETUAL', 'BTC', 'ETH', 'USDC']),
    );
    expect(rows.filter((r) => r.unit === 'usd').map((r) => r.instrument)).toContain('BTC-PERPETUAL');
    expect(rows.some((r) => r.unit === 'contracts' && /^(BTC|ETH)-\d/.test(r.instrument ?? ''))).toBe(true);
    expect(new Set(rows.map((r) => r.venue))).toEqual(new Set(['deribit', 'okx', 'coinbase']));
    expect(rows.some((r) => Number(r.quantity) < 0 && kinds[rows.indexOf(r)] === 'inverse option')).toBe(true);
    for (const r of rows) {
      if (r.instrument === 'USDC') expect(r.entry_price).toBe('');
      else expect(Number(r.entry_price), r.instrument).toBeGreaterThan(0);
    }
  });

  it('default-portfolio.json is the same book in the JSON format (unit omitted when coin)', () => {
    const doc = JSON.parse(publicData('default-portfolio.json')) as {
      schemaVersion: number;
      name: string;
      positions: { instrument: string; quantity: number; unit?: string; entryPrice?: number; venue: string; label: string }[];
    };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.name).toBeTruthy();
    expect(
      doc.positions.map((p) => [
        p.instrument,
        String(p.quantity),
        p.unit ?? '',
        p.entryPrice === undefined ? '' : String(p.entryPrice),
        p.venue,
        p.label,
      ]),
    ).toEqual(rows.map((r) => [r.instrument, r.quantity, r.unit, r.entry_price, r.venue, r.label]));
    expect(doc.positions.some((p) => p.unit === 'coin')).toBe(false);
  });

  it('the bundled histories are present', () => {
    for (const f of ['btc-usd-daily.csv', 'eth-usd-daily.csv', 'sol-usd-daily.csv', 'dvol-btc-daily.csv', 'dvol-eth-daily.csv']) {
      const lines = publicData(`history/${f}`).trimEnd().split('\n');
      expect(lines[0], f).toBe('date,close');
      expect(lines.length, f).toBeGreaterThan(1000);
    }
  });
});
