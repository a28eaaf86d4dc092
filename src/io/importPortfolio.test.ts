import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { importPortfolioText, type PortfolioImportOutcome } from './importPortfolio.ts';
import { propertyRuns } from '../testing/properties.ts';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function formatOf(outcome: PortfolioImportOutcome): string {
  return outcome.ok ? outcome.result.format : `error: ${outcome.error}`;
}

describe('importPortfolioText: format detection by content', () => {
  it('detects each fixture whatever the extension says', () => {
    expect(formatOf(importPortfolioText(fixture('bad-rows.csv'), 'bad-rows.json'))).toBe('csv');
    expect(formatOf(importPortfolioText(fixture('semicolon-bom-crlf.csv'), 'export.txt'))).toBe('csv');
    expect(formatOf(importPortfolioText(fixture('portfolio-unknown-fields.json'), 'book.csv'))).toBe('json');
    expect(formatOf(importPortfolioText(fixture('deribit-get-positions.json'), 'book.json'))).toBe('deribit-positions');
    expect(formatOf(importPortfolioText('\uFEFF  [{"instrument_name": "BTC-PERPETUAL", "size": 10}]', 'x.json'))).toBe('deribit-positions');
    expect(formatOf(importPortfolioText('{"schemaVersion": 1}', 'x.json'))).toBe(
      'error: x.json: not a portfolio JSON file: no "positions" list',
    );
  });

  it('names the portfolio after the file and numbers ids from p1 (or a given prefix)', () => {
    const outcome = importPortfolioText('instrument,quantity\nBTC,1\nETH,2\n', 'books/desk-a.csv', { idPrefix: 'imp-' });
    expect(outcome.ok && outcome.result.portfolio.name).toBe('desk-a');
    expect(outcome.ok && outcome.result.portfolio.positions.map((p) => p.id)).toEqual(['imp-1', 'imp-2']);
  });

  it('refuses files that are not portfolios, naming the file and the reason', () => {
    const cases: [string, string][] = [
      ['', 'a.csv: the file is empty'],
      ['\uFEFF \r\n\t\n', 'a.csv: the file is empty'],
      ['hello world\nfoo', 'a.csv: not a portfolio file: missing columns instrument, quantity'],
      ['instrument,label\nBTC,x', 'a.csv: not a portfolio file: missing column quantity'],
      [
        '{"a": 1}',
        'a.csv: not a portfolio file: JSON that is neither a portfolio ({"schemaVersion": 1, "positions": [...]}) nor a Deribit get_positions response ({"result": [...]})',
      ],
      [
        '[1, 2]',
        'a.csv: not a portfolio file: JSON that is neither a portfolio ({"schemaVersion": 1, "positions": [...]}) nor a Deribit get_positions response ({"result": [...]})',
      ],
      ['{\n "positions": [\n', 'a.csv: not a portfolio file: invalid JSON at line 3, column 1: unexpected end of input'],
      ['{"schemaVersion": 3, "positions": []}', 'a.csv: schemaVersion 3 is not supported (this version reads schemaVersion 1)'],
    ];
    for (const [text, error] of cases) expect(importPortfolioText(text, 'a.csv')).toEqual({ ok: false, error });
  });

  it('accepts a header-only CSV and an empty Deribit result as empty portfolios', () => {
    for (const text of ['instrument,quantity\n', '{"jsonrpc":"2.0","result":[]}', '{"schemaVersion":1,"positions":[]}']) {
      const outcome = importPortfolioText(text, 'e');
      expect(outcome.ok).toBe(true);
      if (outcome.ok) expect([outcome.result.portfolio.positions.length, outcome.result.errors.length]).toEqual([0, 0]);
    }
  });
});

describe('importPortfolioText: never throws', () => {
  const TOKENS = [
    'instrument',
    'quantity',
    'unit',
    'entry_price',
    'label',
    ',',
    ';',
    '"',
    '""',
    '\n',
    '\r',
    '\r\n',
    ' ',
    '\t',
    '\uFEFF',
    'BTC-PERPETUAL',
    'ETH-27DEC24-3000-C',
    'SOL_USDC-27DEC24-200-C',
    'usd',
    'contracts',
    '1',
    '-2.5',
    '1e999',
    'NaN',
    "'",
    '=',
    '{',
    '}',
    '[',
    ']',
    ':',
    '"positions"',
    '"result"',
    '"instrument_name"',
    '"size"',
    '"schemaVersion"',
    '"quantity"',
    '"instrument"',
    '"name"',
    '1',
    'null',
    'true',
    '"__proto__"',
    '\\',
    '\\u12',
    '\uD800',
  ];
  const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join(''));
  const jsonLike = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ positions: v, result: v }));

  it('returns an outcome for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), tokenText, jsonLike), fc.string(), (text, fileName) => {
        const outcome = importPortfolioText(text, fileName);
        expect(typeof outcome.ok).toBe('boolean');
        if (outcome.ok) {
          expect(Array.isArray(outcome.result.portfolio.positions)).toBe(true);
          expect(Array.isArray(outcome.result.errors)).toBe(true);
        } else {
          expect(outcome.error.startsWith(`${fileName}: `)).toBe(true);
        }
      }),
      { numRuns: propertyRuns(1000) },
    );
  });
});

describe('importPortfolioText: no silent drop (CSV)', () => {
  // A model CSV file written independently of the exporter: rows of cells from a pool of good and bad values,
  // random line ends, blank lines and multi-line quoted cells. Every non-blank row must come back either as a
  // position or as an error, at the physical line where the row starts.
  const CELLS = [
    'BTC-PERPETUAL',
    'ETH-27DEC24-3000-C',
    'btc-27dec24',
    'XRP_USDC-27DEC24-0d625-C',
    'USDC',
    'BTC',
    'NOPE-1',
    '',
    ' ',
    '1',
    '-2.5',
    '1e3',
    '0',
    'abc',
    '1e999',
    'usd',
    'coin',
    'contracts',
    'lots',
    '0.05',
    '-1',
    'deribit',
    'x, y',
    'say "hi"',
    'two\nlines',
    'three\r\nline\rcell',
    "'=1+2",
    '=cmd',
    ';',
    '\t',
  ];
  const row = fc.array(fc.constantFrom(...CELLS), { minLength: 0, maxLength: 8 });
  const eol = fc.constantFrom('\n', '\r\n', '\r');
  const blank = fc.constantFrom('', '   ', ',,,', ' , ');
  const item = fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('row' as const), cells: row, eol, forceQuotes: fc.boolean() }), weight: 4 },
    fc.record({ kind: fc.constant('blank' as const), text: blank, eol }),
  );
  const header = fc
    .shuffledSubarray(['unit', 'entry_price', 'venue', 'label', 'note'], { minLength: 0 })
    .chain((optional) => fc.shuffledSubarray(['instrument', 'quantity', ...optional], { minLength: 2 + optional.length }));

  const quote = (cell: string, force: boolean) =>
    force || /[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replaceAll('"', '""')}"` : cell;
  const breaks = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;

  it('loads or reports every non-blank data row at its physical line', () => {
    fc.assert(
      fc.property(header, fc.array(item, { maxLength: 25 }), fc.boolean(), (columns, items, bom) => {
        let text = (bom ? '\uFEFF' : '') + columns.join(',') + '\n';
        let line = 2;
        const expected: number[] = [];
        let previousEol = '\n';
        for (const it of items) {
          const written = it.kind === 'blank' ? it.text : it.cells.map((c) => quote(c, it.forceQuotes)).join(',');
          // A CR line end followed by an empty line ended by LF would read as one CRLF: the model must not write that.
          const lineEnd = previousEol === '\r' && written === '' && it.eol === '\n' ? '\r\n' : it.eol;
          if (it.kind === 'row' && it.cells.some((c) => c.trim() !== '')) expected.push(line);
          text += written + lineEnd;
          line += breaks(written) + 1;
          previousEol = lineEnd;
        }
        const outcome = importPortfolioText(text, 'model.csv');
        if (!outcome.ok) throw new Error(outcome.error);
        const got = [...outcome.result.portfolio.positions.map((p) => p.line ?? -1), ...outcome.result.errors.map((e) => e.line ?? -1)];
        expect(got.sort((a, b) => a - b)).toEqual(expected);
      }),
      { numRuns: propertyRuns(400) },
    );
  });
});
