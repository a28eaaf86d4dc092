import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseInstrument } from '../domain/instrument.ts';
import { QUANTITY_UNITS, unitError, type Portfolio, type Position } from '../domain/position.ts';
import { exportPortfolioCsv, exportPortfolioJson } from './exportPortfolio.ts';
import { importPortfolioText } from './importPortfolio.ts';
import { importPortfolioCsv } from './portfolioCsv.ts';
import { importPortfolioJson } from './portfolioJson.ts';
import { propertyRuns } from '../testing/properties.ts';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

/** The portfolio without the `line` of each position (file-specific, not part of the book). */
function withoutLines(portfolio: Portfolio): Portfolio {
  return { ...portfolio, positions: portfolio.positions.map(({ line: _line, ...rest }) => rest) };
}

function csvRoundTrip(portfolio: Portfolio): Portfolio {
  const outcome = importPortfolioCsv(exportPortfolioCsv(portfolio), { name: portfolio.name });
  if (!outcome.ok) throw new Error(outcome.error);
  expect(outcome.result.errors).toEqual([]);
  return withoutLines(outcome.result.portfolio);
}

function jsonRoundTrip(portfolio: Portfolio): Portfolio {
  const outcome = importPortfolioJson(exportPortfolioJson(portfolio));
  if (!outcome.ok) throw new Error(outcome.error);
  expect(outcome.result.errors).toEqual([]);
  return withoutLines(outcome.result.portfolio);
}

const position = (fields: Partial<Position> & Pick<Position, 'instrument' | 'quantity'>, index = 1): Position => ({
  id: `p${index}`,
  entryPrice: null,
  venue: 'deribit',
  label: '',
  ...fields,
});

describe('exportPortfolioCsv', () => {
  it('writes the known columns, then flags and unknown columns, with full-precision numbers and CRLF', () => {
    const csv = exportPortfolioCsv({
      name: 'x',
      positions: [
        position(
          {
            instrument: 'BTC-PERPETUAL',
            quantity: -5,
            unit: 'usd',
            entryPrice: 43000.25,
            label: 'hedge, perp',
            extra: { desk: 'A', pnl: '-0.37' },
          },
          1,
        ),
        position({ instrument: 'ETH-27DEC24-3000-C', quantity: 0.1 + 0.2, whatIf: true, extra: { desk: 'B' } }, 2),
        position({ instrument: 'BTC', quantity: 1e-7, entryPrice: 5e-324, extra: { other: 'z' } }, 3),
      ],
    });
    expect(csv).toBe(
      'instrument,quantity,unit,entry_price,venue,label,what_if,desk,pnl,other\r\n' +
        'BTC-PERPETUAL,-5,usd,43000.25,deribit,"hedge, perp",,A,-0.37,\r\n' +
        'ETH-27DEC24-3000-C,0.30000000000000004,,,deribit,,true,B,,\r\n' +
        'BTC,1e-7,,5e-324,deribit,,,,,z\r\n',
    );
  });

  it('guards text cells against formula injection but leaves numbers alone', () => {
    const portfolio: Portfolio = {
      name: 'x',
      positions: [
        position({
          instrument: 'BTC-PERPETUAL',
          quantity: -5,
          venue: '@venue',
          label: '=HYPERLINK("http://x","y")',
          extra: { '=col': '+1+2', plain: '-12.5e3', note: '-x', tab: '\tcmd', quote: "'=already" },
        }),
      ],
    };
    const csv = exportPortfolioCsv(portfolio);
    expect(csv.split('\r\n')).toEqual([
      "instrument,quantity,unit,entry_price,venue,label,'=col,plain,note,tab,quote",
      `BTC-PERPETUAL,-5,,,'@venue,"'=HYPERLINK(""http://x"",""y"")",'+1+2,-12.5e3,'-x,'\tcmd,''=already`,
      '',
    ]);
    expect(csvRoundTrip(portfolio)).toStrictEqual(portfolio);
  });

  it('writes unknown JSON values as text, skips extra keys that would collide with known columns', () => {
    const csv = exportPortfolioCsv({
      name: 'x',
      positions: [
        position({
          instrument: 'BTC',
          quantity: 1,
          extra: { obj: { a: 1 }, n: 2, b: false, nil: null, Label: 'dup', ENTRY_PRICE: '5', '': 'unnamed' },
        }),
      ],
    });
    expect(csv).toBe('instrument,quantity,unit,entry_price,venue,label,obj,n,b,nil\r\nBTC,1,,,deribit,,"{""a"":1}",2,false,\r\n');
  });
});

describe('exportPortfolioJson', () => {
  it('writes schemaVersion, name, positions (fixed key order), then unknown fields', () => {
    const json = exportPortfolioJson({
      name: 'Book',
      extra: { meta: { v: 1 } },
      positions: [position({ instrument: 'BTC-PERPETUAL', quantity: -5, unit: 'usd', excluded: true, extra: { note: 'n' } })],
    });
    expect(json).toBe(
      `${JSON.stringify(
        {
          schemaVersion: 1,
          name: 'Book',
          positions: [
            {
              instrument: 'BTC-PERPETUAL',
              quantity: -5,
              unit: 'usd',
              entryPrice: null,
              venue: 'deribit',
              label: '',
              excluded: true,
              note: 'n',
            },
          ],
          meta: { v: 1 },
        },
        null,
        2,
      )}\n`,
    );
  });

  it('round-trips the JSON fixture with its unknown fields', () => {
    const text = fixture('portfolio-unknown-fields.json');
    const first = importPortfolioJson(text);
    if (!first.ok) throw new Error(first.error);
    const portfolio = withoutLines(first.result.portfolio);
    expect(jsonRoundTrip(portfolio)).toStrictEqual(portfolio);
    expect(exportPortfolioJson(jsonRoundTrip(portfolio))).toBe(exportPortfolioJson(portfolio));
  });
});

describe('round trips of the CSV fixtures', () => {
  it('CSV → CSV keeps the portfolio; CSV → JSON → CSV is byte-identical to our CSV', () => {
    for (const name of ['bad-rows.csv', 'semicolon-bom-crlf.csv']) {
      const first = importPortfolioText(fixture(name), name);
      if (!first.ok) throw new Error(first.error);
      const portfolio = withoutLines(first.result.portfolio);
      expect(csvRoundTrip(portfolio)).toStrictEqual(portfolio);
      const csv = exportPortfolioCsv(portfolio);
      expect(exportPortfolioCsv(jsonRoundTrip(csvRoundTrip(portfolio)))).toBe(csv);
    }
  });
});

// ---------- property: arbitrary valid portfolios round-trip losslessly ----------

const INSTRUMENTS = [
  'BTC-27DEC24-60000-C',
  'ETH-5JAN24-2000-P',
  'btc-27dec24',
  'BTC-PERPETUAL',
  'ETH-PERPETUAL',
  'SOL_USDC-27DEC24-200-C',
  'XRP_USDC-27DEC24-0d625-C',
  'AVAX_USDC-29MAY26-8D6-P',
  'BTC_USDC-PERPETUAL',
  'SOL_USDC-27DEC24',
  'BTC',
  'ETH_USDC',
  'USDC',
  'USD',
  'USDT',
];

/** Text with the awkward starts that matter to CSV and to the formula guard, then arbitrary UTF-16 (lone surrogates too). */
const awkwardText = fc
  .tuple(
    fc.constantFrom('', '=', '+', '-', '@', "'", "''=", "'-", '\t', '\r', '\n', '"', ' ', ',', ';', '\r\n', '-1', '+2.5e3', 'é€😀'),
    fc.oneof(fc.string({ unit: 'binary', maxLength: 15 }), fc.string({ maxLength: 15 })),
  )
  .map(([head, tail]) => head + tail);

/** Finite doubles of every magnitude, without -0 (JSON cannot write it). */
const finite = fc
  .oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -1e9, max: 1e9 }))
  .map((x) => (x === 0 ? 0 : x));
const positivePrice = fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true });

/** Extra column names: never a known column, never integer-like (JS objects would reorder those). */
const extraKey = fc
  .tuple(fc.constantFrom('x_', '=', '@k', ' y', "'", 'Note'), fc.string({ maxLength: 6 }))
  .map(([head, tail]) => head + tail);

const positionArb = (index: number, extraKeys: readonly string[], uniformExtras: boolean, anyExtra: fc.Arbitrary<unknown>) =>
  fc.constantFrom(...INSTRUMENTS).chain((instrument) => {
    const parsed = parseInstrument(instrument);
    if (!parsed.ok) throw new Error(parsed.error);
    const units = QUANTITY_UNITS.filter((u) => unitError(parsed.value, u) === null);
    return fc
      .record({
        quantity: finite,
        unit: fc.option(fc.constantFrom(...units), { nil: undefined }),
        entryPrice: fc.option(positivePrice, { nil: null }),
        venue: awkwardText.map((v) => v.trim()).filter((v) => v !== ''),
        label: awkwardText,
        whatIf: fc.option(fc.constant(true), { nil: undefined }),
        excluded: fc.option(fc.constant(true), { nil: undefined }),
        values: fc.array(uniformExtras ? awkwardText : anyExtra, { minLength: extraKeys.length, maxLength: extraKeys.length }),
        keep: fc.array(fc.boolean(), { minLength: extraKeys.length, maxLength: extraKeys.length }),
      })
      .map((r): Position => {
        const extra: Record<string, unknown> = {};
        extraKeys.forEach((key, k) => {
          if (uniformExtras || r.keep[k] === true) extra[key] = r.values[k];
        });
        return {
          id: `p${index + 1}`,
          instrument,
          quantity: r.quantity,
          ...(r.unit !== undefined ? { unit: r.unit } : {}),
          entryPrice: r.entryPrice,
          venue: r.venue,
          label: r.label,
          ...(r.whatIf ? { whatIf: true } : {}),
          ...(r.excluded ? { excluded: true } : {}),
          ...(Object.keys(extra).length > 0 ? { extra } : {}),
        };
      });
  });

/** JSON values as JSON can carry them (no -0). */
const jsonValue = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/**
 * Portfolios. For CSV, every position has every extra column as text (what a CSV import produces); for JSON,
 * extras are any JSON values on some positions, and there are top-level unknown fields.
 */
const portfolioArb = (forCsv: boolean) =>
  fc
    .tuple(
      fc.uniqueArray(extraKey, { maxLength: 3, selector: (k) => k.trim().toLowerCase() }),
      fc.integer({ min: 0, max: 6 }),
      fc.string({ unit: 'binary', maxLength: 10 }),
      fc.dictionary(extraKey, jsonValue, { maxKeys: 2, noNullPrototype: true }),
    )
    .chain(([keys, count, name, topExtra]) =>
      fc.tuple(...Array.from({ length: count }, (_, i) => positionArb(i, keys, forCsv, jsonValue))).map((positions): Portfolio => ({
        name,
        positions,
        ...(!forCsv && Object.keys(topExtra).length > 0 ? { extra: topExtra } : {}),
      })),
    );

describe('properties: lossless round trips', () => {
  it('CSV: import(exportCsv(p)) equals p, and CSV → JSON → CSV is byte-identical', () => {
    fc.assert(
      fc.property(portfolioArb(true), (portfolio) => {
        const back = csvRoundTrip(portfolio);
        expect(back).toStrictEqual(portfolio);
        const csv = exportPortfolioCsv(portfolio);
        expect(exportPortfolioCsv(back)).toBe(csv);
        expect(exportPortfolioCsv(jsonRoundTrip(back))).toBe(csv);
        // The detector must route our own output to the right importer.
        const detected = importPortfolioText(csv, 'out.csv', { name: portfolio.name });
        expect(detected.ok && withoutLines(detected.result.portfolio)).toStrictEqual(portfolio);
      }),
      { numRuns: propertyRuns(400) },
    );
  });

  it('JSON: import(exportJson(p)) equals p, unknown fields included', () => {
    fc.assert(
      fc.property(portfolioArb(false), (portfolio) => {
        expect(jsonRoundTrip(portfolio)).toStrictEqual(portfolio);
        const detected = importPortfolioText(exportPortfolioJson(portfolio), 'out.json');
        expect(detected.ok && withoutLines(detected.result.portfolio)).toStrictEqual(portfolio);
      }),
      { numRuns: propertyRuns(400) },
    );
  });
});
