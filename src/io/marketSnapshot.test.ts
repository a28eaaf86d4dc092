import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cleanNumber,
  halfSpread,
  median,
  otmSmilePoints,
  parseIsoInstant,
  parseMarketSnapshot,
  serializeMarketSnapshot,
} from './marketSnapshot.ts';

const FIXTURE = new URL('./__fixtures__/market/snapshot-small.json', import.meta.url);
type Json = Record<string, unknown>;

/** A fresh deep copy of the hand-written valid snapshot. */
function base(): Json {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as Json;
}

/** Apply a mutation to a copy of the fixture and parse it. */
function parseWith(
  mutate: (s: Json & { underlyings: Record<string, Json & { forwards: Json[]; smiles: (Json & { points: Json[] })[] }> }) => void,
) {
  const s = base() as Parameters<typeof mutate>[0];
  mutate(s);
  return parseMarketSnapshot(s);
}

function errorOf(r: ReturnType<typeof parseMarketSnapshot>): string {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

function btc(s: Parameters<Parameters<typeof parseWith>[0]>[0]) {
  const u = s.underlyings.BTC;
  if (!u) throw new Error('fixture has BTC');
  return u;
}

describe('parseMarketSnapshot: valid input', () => {
  it('reads the fixture with no warnings and keeps every field', () => {
    const r = parseMarketSnapshot(base());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    const u = r.snapshot.underlyings.BTC;
    expect(u?.index).toBe(78617.31);
    expect(u?.perpetual).toBe(78640.5);
    expect(u?.rate).toBe(0);
    expect(u?.fundingRate).toBe(0.0365);
    expect(u?.forwards).toHaveLength(2);
    expect(u?.smiles[0]?.points).toHaveLength(5);
    expect(u?.halfSpreads).toEqual({ 'BTC-25SEP26-80000-C': 0.00075, 'BTC-25DEC26': 2.5 });
    expect(r.snapshot.underlyings.ETH?.perpetual).toBeUndefined();
  });

  it('sorts forwards and smiles by expiry and points by strike, normalising instants', () => {
    const r = parseWith((s) => {
      const u = btc(s);
      u.forwards.reverse();
      u.forwards[0] = { expiry: '2026-12-25T09:00:00+01:00', price: 79802.14 };
      u.smiles.reverse();
      u.smiles.forEach((sm) => sm.points.reverse());
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    const u = r.snapshot.underlyings.BTC;
    expect(u?.forwards.map((f) => f.expiry)).toEqual(['2026-09-25T08:00:00.000Z', '2026-12-25T08:00:00.000Z']);
    expect(u?.smiles.map((x) => x.expiry)).toEqual(['2026-09-25T08:00:00.000Z', '2026-12-25T08:00:00.000Z']);
    expect(u?.smiles[0]?.points.map((p) => p.strike)).toEqual([60000, 70000, 80000, 90000, 100000]);
  });

  it('keeps the first of duplicate strikes with a warning', () => {
    const r = parseWith((s) => {
      btc(s).smiles[0]?.points.push({ strike: 80000, iv: 0.5 });
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.underlyings.BTC?.smiles[0]?.points.filter((p) => p.strike === 80000)).toEqual([{ strike: 80000, iv: 0.4121 }]);
    expect(r.warnings).toEqual([
      'underlyings.BTC.smiles[0].points[5]: duplicate strike 80000 in the smile of 2026-09-25T08:00:00.000Z (iv 0.5); kept the first (iv 0.4121)',
    ]);
  });

  it('keeps the first of duplicate forward or smile expiries with a warning', () => {
    const r = parseWith((s) => {
      btc(s).forwards.push({ expiry: '2026-09-25T08:00:00Z', price: 1 });
      const first = btc(s).smiles[0];
      if (first) btc(s).smiles.push({ ...first });
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.underlyings.BTC?.forwards).toHaveLength(2);
    expect(r.snapshot.underlyings.BTC?.smiles).toHaveLength(2);
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[0]).toContain('underlyings.BTC.forwards[2]: second forward for expiry 2026-09-25T08:00:00.000Z');
    expect(r.warnings[1]).toContain('underlyings.BTC.smiles[2]: second smile for expiry 2026-09-25T08:00:00.000Z');
  });

  it('drops unknown fields with one warning per field and path pattern', () => {
    const r = parseWith((s) => {
      s.comment = 'hi';
      btc(s).spot = 1;
      btc(s).smiles.forEach((sm) => sm.points.forEach((p) => (p.delta = 0.5)));
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([
      'unknown field comment ignored',
      'unknown field underlyings.BTC.spot ignored',
      'unknown field underlyings.BTC.smiles[*].points[*].delta ignored (8 times)',
    ]);
    expect(JSON.stringify(r.snapshot)).not.toContain('delta');
    expect(JSON.stringify(r.snapshot)).not.toContain('comment');
  });

  it('accepts missing forwards/smiles (spot-only underlying) and upper-cases currency codes with a warning', () => {
    const r = parseWith((s) => {
      s.underlyings.sol = { index: 150.5 } as never;
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.underlyings.SOL).toEqual({ index: 150.5, forwards: [], smiles: [] });
    expect(r.warnings).toEqual(['underlyings.sol: currency code "sol" read as SOL']);
  });

  it('warns about a date-only expiry (taken as 08:00 UTC), an expiry off 08:00 UTC, a past expiry, vols in points, a missing source', () => {
    const r = parseWith((s) => {
      delete s.source;
      const u = btc(s);
      u.forwards[0] = { expiry: '2026-09-25', price: 78899.98 };
      u.forwards[1] = { expiry: '2026-12-25T00:00:00Z', price: 79802.14 };
      u.forwards.push({ expiry: '2026-08-21T08:00:00Z', price: 78600 });
      const pt = u.smiles[1]?.points[0];
      if (pt) pt.iv = 47.85;
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.source).toBe('');
    expect(r.snapshot.underlyings.BTC?.forwards[1]?.expiry).toBe('2026-09-25T08:00:00.000Z');
    expect(r.warnings).toEqual([
      'source is missing (where the data came from)',
      'underlyings.BTC.forwards[0].expiry "2026-09-25" has no time: taken as 2026-09-25T08:00:00.000Z (Deribit expiries are at 08:00 UTC)',
      'underlyings.BTC.forwards[1].expiry 2026-12-25T00:00:00.000Z is not at 08:00 UTC, so no Deribit instrument expires exactly then',
      'underlyings.BTC.forwards[2].expiry 2026-08-21T08:00:00.000Z is not after the valuation time',
      'underlyings.BTC.smiles[1].points[0].iv 47.85 is over 500 %: vols are decimals (0.45 = 45 %), was it written in vol points?',
    ]);
  });
});

describe('parseMarketSnapshot: errors name the JSON path', () => {
  const cases: [string, (s: Parameters<Parameters<typeof parseWith>[0]>[0]) => void, string][] = [
    ['schemaVersion', (s) => (s.schemaVersion = 2), 'schemaVersion must be 1 (got 2)'],
    ['schemaVersion missing', (s) => delete s.schemaVersion, 'schemaVersion must be 1 (got nothing)'],
    ['valuationTime type', (s) => (s.valuationTime = 12), 'valuationTime must be an ISO-8601 string (got 12)'],
    [
      'valuationTime text',
      (s) => (s.valuationTime = 'yesterday'),
      'valuationTime "yesterday" is not an ISO-8601 date-time with a time zone (e.g. 2026-08-22T03:50:45Z)',
    ],
    [
      'valuationTime without zone',
      (s) => (s.valuationTime = '2026-08-22T03:50:45'),
      'valuationTime "2026-08-22T03:50:45" is not an ISO-8601 date-time with a time zone (e.g. 2026-08-22T03:50:45Z)',
    ],
    [
      'valuationTime impossible date',
      (s) => (s.valuationTime = '2026-02-30T00:00:00Z'),
      'valuationTime "2026-02-30T00:00:00Z" is not an ISO-8601 date-time with a time zone (e.g. 2026-08-22T03:50:45Z)',
    ],
    ['source type', (s) => (s.source = 5), 'source must be a string (got 5)'],
    ['underlyings missing', (s) => delete (s as Json).underlyings, 'underlyings must be an object (got nothing)'],
    ['underlyings empty', (s) => (s.underlyings = {}), 'underlyings is empty: no market data'],
    [
      'underlying code',
      (s) => (s.underlyings['B-TC'] = s.underlyings.ETH as never),
      'underlyings["B-TC"]: "B-TC" is not a currency code (e.g. BTC)',
    ],
    ['underlying twice', (s) => (s.underlyings.eth = s.underlyings.ETH as never), 'underlyings.eth: ETH is given twice'],
    ['index zero', (s) => (btc(s).index = 0), 'underlyings.BTC.index must be a positive number (got 0)'],
    ['index text', (s) => (btc(s).index = '78617'), 'underlyings.BTC.index must be a positive number (got "78617")'],
    ['index infinite', (s) => (btc(s).index = Number.POSITIVE_INFINITY), 'underlyings.BTC.index must be a positive number (got Infinity)'],
    ['perpetual negative', (s) => (btc(s).perpetual = -1), 'underlyings.BTC.perpetual must be a positive number (got -1)'],
    ['rate', (s) => (btc(s).rate = 'zero'), 'underlyings.BTC.rate must be a finite number (got "zero")'],
    ['fundingRate', (s) => (btc(s).fundingRate = Number.NaN), 'underlyings.BTC.fundingRate must be a finite number (got NaN)'],
    ['forwards type', (s) => (btc(s).forwards = {} as never), 'underlyings.BTC.forwards must be an array (got an object)'],
    ['forward entry', (s) => (btc(s).forwards[1] = 5 as never), 'underlyings.BTC.forwards[1] must be an object (got 5)'],
    [
      'forward expiry',
      (s) => (btc(s).forwards[1] = { expiry: '25DEC26', price: 1 }),
      'underlyings.BTC.forwards[1].expiry "25DEC26" is not an ISO-8601 date-time with a time zone (e.g. 2026-09-25T08:00:00Z)',
    ],
    [
      'forward expiry missing',
      (s) => (btc(s).forwards[0] = { price: 1 }),
      'underlyings.BTC.forwards[0].expiry must be an ISO-8601 string (got nothing)',
    ],
    [
      'forward price',
      (s) => (btc(s).forwards[1] = { expiry: '2026-12-25T08:00:00Z', price: -5 }),
      'underlyings.BTC.forwards[1].price must be a positive number (got -5)',
    ],
    ['smile points', (s) => ((btc(s).smiles[1] as Json).points = null), 'underlyings.BTC.smiles[1].points must be an array (got null)'],
    [
      'smile expiry',
      (s) => ((btc(s).smiles[1] as Json).expiry = '2026-13-01T08:00:00Z'),
      'underlyings.BTC.smiles[1].expiry "2026-13-01T08:00:00Z" is not an ISO-8601 date-time with a time zone (e.g. 2026-09-25T08:00:00Z)',
    ],
    [
      'iv zero',
      (s) => ((btc(s).smiles[0]?.points[3] as Json).iv = 0),
      'underlyings.BTC.smiles[0].points[3].iv must be a positive number (got 0)',
    ],
    [
      'iv NaN',
      (s) => ((btc(s).smiles[0]?.points[4] as Json).iv = Number.NaN),
      'underlyings.BTC.smiles[0].points[4].iv must be a positive number (got NaN)',
    ],
    [
      'iv missing',
      (s) => delete (btc(s).smiles[1]?.points[2] as Json).iv,
      'underlyings.BTC.smiles[1].points[2].iv must be a positive number (got nothing)',
    ],
    [
      'strike',
      (s) => ((btc(s).smiles[1]?.points[0] as Json).strike = -60000),
      'underlyings.BTC.smiles[1].points[0].strike must be a positive number (got -60000)',
    ],
    [
      'point type',
      (s) => ((btc(s).smiles[1] as Json).points = [[60000, 0.4]]),
      'underlyings.BTC.smiles[1].points[0] must be an object (got an array)',
    ],
    ['halfSpreads type', (s) => (btc(s).halfSpreads = []), 'underlyings.BTC.halfSpreads must be an object (got an array)'],
    [
      'halfSpread value',
      (s) => (btc(s).halfSpreads = { 'BTC-25DEC26': -1 }),
      'underlyings.BTC.halfSpreads["BTC-25DEC26"] must be a non-negative number (got -1)',
    ],
  ];
  it.each(cases)('%s', (_name, mutate, message) => {
    expect(errorOf(parseWith(mutate))).toBe(message);
  });

  it('rejects non-objects', () => {
    expect(errorOf(parseMarketSnapshot(null))).toBe('a market snapshot must be a JSON object (got null)');
    expect(errorOf(parseMarketSnapshot([1]))).toBe('a market snapshot must be a JSON object (got an array)');
    expect(errorOf(parseMarketSnapshot('x'))).toBe('a market snapshot must be a JSON object (got "x")');
  });
});

describe('serializeMarketSnapshot', () => {
  it('round-trips losslessly and is stable', () => {
    const first = parseMarketSnapshot(base());
    if (!first.ok) throw new Error(first.error);
    const text = serializeMarketSnapshot(first.snapshot);
    const again = parseMarketSnapshot(JSON.parse(text));
    if (!again.ok) throw new Error(again.error);
    expect(again.warnings).toEqual([]);
    expect(again.snapshot).toEqual(first.snapshot);
    expect(serializeMarketSnapshot(again.snapshot)).toBe(text);
  });

  it('writes fixed key order, 2-space indentation and a trailing newline whatever the input order', () => {
    const text = serializeMarketSnapshot({
      source: 's',
      underlyings: {
        ETH: { smiles: [], forwards: [], index: 2 },
        BTC: {
          halfSpreads: { b: 2, a: 1 },
          smiles: [
            {
              points: [
                { iv: 0.5, strike: 2 },
                { iv: 0.4, strike: 1 },
              ],
              expiry: '2026-09-25T08:00:00.000Z',
            },
          ],
          forwards: [
            { price: 3, expiry: '2026-12-25T08:00:00.000Z' },
            { price: 2, expiry: '2026-09-25T08:00:00.000Z' },
          ],
          fundingRate: 0.1,
          perpetual: 1.5,
          index: 1,
        },
      },
      valuationTime: '2026-08-22T03:50:45.199Z',
      schemaVersion: 1,
    });
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
    const doc = JSON.parse(text) as { underlyings: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'valuationTime', 'source', 'underlyings']);
    expect(Object.keys(doc.underlyings)).toEqual(['BTC', 'ETH']);
    expect(Object.keys(doc.underlyings.BTC ?? {})).toEqual(['index', 'perpetual', 'fundingRate', 'forwards', 'smiles', 'halfSpreads']);
    expect(doc.underlyings.BTC?.forwards).toEqual([
      { expiry: '2026-09-25T08:00:00.000Z', price: 2 },
      { expiry: '2026-12-25T08:00:00.000Z', price: 3 },
    ]);
    expect(doc.underlyings.BTC?.smiles).toEqual([
      {
        expiry: '2026-09-25T08:00:00.000Z',
        points: [
          { strike: 1, iv: 0.4 },
          { strike: 2, iv: 0.5 },
        ],
      },
    ]);
    expect(Object.keys(doc.underlyings.BTC?.halfSpreads as object)).toEqual(['a', 'b']);
  });
});

describe('shared helpers', () => {
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, Number.NaN])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it('cleanNumber removes float noise only', () => {
    expect(cleanNumber(0.41619999999999996)).toBe(0.4162);
    expect(cleanNumber(2519.1549999999997)).toBe(2519.155);
    expect(cleanNumber(76079.7810624111)).toBe(76079.7810624);
    expect(cleanNumber(0.00075)).toBe(0.00075);
  });

  it('halfSpread needs both sides positive and not crossed', () => {
    expect(halfSpread(0.0565, 0.0585)).toBe(0.001);
    expect(halfSpread(0, 0.0585)).toBeUndefined();
    expect(halfSpread(null, 0.0585)).toBeUndefined();
    expect(halfSpread(0.06, 0.05)).toBeUndefined();
  });

  it('otmSmilePoints takes the call at K >= F, the put below, the other side when one is missing', () => {
    const vols = new Map([
      [70, { call: 0.9, put: 0.5 }],
      [80, { call: 0.4, put: 0.9 }],
      [100, { call: 0.45, put: 0.9 }],
      [60, { call: 0.6 }],
      [120, { put: 0.55 }],
      [130, {}],
    ]);
    expect(otmSmilePoints(vols, 80)).toEqual([
      { strike: 60, iv: 0.6 },
      { strike: 70, iv: 0.5 },
      { strike: 80, iv: 0.4 },
      { strike: 100, iv: 0.45 },
      { strike: 120, iv: 0.55 },
    ]);
  });

  it('parseIsoInstant needs a zone, checks the calendar, truncates to ms', () => {
    expect(parseIsoInstant('2026-08-22T03:50:45.199229+00:00')).toBe(Date.UTC(2026, 7, 22, 3, 50, 45, 199));
    expect(parseIsoInstant('2026-08-22T05:50:45+02:00')).toBe(Date.UTC(2026, 7, 22, 3, 50, 45));
    expect(parseIsoInstant('2026-08-22T03:50Z')).toBe(Date.UTC(2026, 7, 22, 3, 50));
    expect(parseIsoInstant('2026-08-22T03:50:45')).toBeNull();
    expect(parseIsoInstant('2026-08-22')).toBeNull();
    expect(parseIsoInstant('2025-02-29T08:00:00Z')).toBeNull();
    expect(parseIsoInstant('2026-08-22T24:00:00Z')).toBeNull();
  });
});

describe('settlementPrices (delivery prices of past expiries)', () => {
  it('reads them sorted by expiry, warns about duplicates and expiries not yet reached, and round-trips', () => {
    const r = parseWith((s) => {
      btc(s).settlementPrices = [
        { expiry: '2024-12-27T08:00:00Z', price: 94_000.5 },
        { expiry: '2024-06-28', price: 61_000 },
        { expiry: '2024-12-27T08:00:00Z', price: 1 },
        { expiry: '2099-12-25T08:00:00Z', price: 1 },
      ];
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.snapshot.underlyings.BTC?.settlementPrices).toEqual([
      { expiry: '2024-06-28T08:00:00.000Z', price: 61_000 },
      { expiry: '2024-12-27T08:00:00.000Z', price: 94_000.5 },
    ]);
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('second settlement price for expiry 2024-12-27T08:00:00.000Z'),
        expect.stringContaining('after the valuation time: not settled yet, ignored'),
      ]),
    );
    const again = parseMarketSnapshot(JSON.parse(serializeMarketSnapshot(r.snapshot)));
    if (!again.ok) throw new Error(again.error);
    expect(again.snapshot).toEqual(r.snapshot);
  });

  it('rejects a price that is not positive, naming the path', () => {
    const err = errorOf(
      parseWith((s) => {
        btc(s).settlementPrices = [{ expiry: '2024-12-27T08:00:00Z', price: 0 }];
      }),
    );
    expect(err).toContain('underlyings.BTC.settlementPrices[0].price');
  });
});
