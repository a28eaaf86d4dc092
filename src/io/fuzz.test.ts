/**
 * Fuzzing the portfolio importers with nasty files (issue 8): thousands of generated files mixing BOMs, `;`
 * separators, quotes, CRLF, blank lines, duplicate headers, huge and tiny numbers, NaN/Infinity, unknown
 * instruments, empty files and binary junk. Properties: never an uncaught error; never a silently dropped row
 * (every non-blank data row is loaded or reported at its own line); a file that is not a portfolio is refused as a
 * whole. The nastiest cases are kept in __fixtures__/nasty/ with their expected outcome (regression corpus).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importPortfolioText } from './importPortfolio.ts';
import { propertyRuns } from '../testing/properties.ts';

const nasty = (name: string, encoding: BufferEncoding = 'utf8') =>
  readFileSync(fileURLToPath(new URL(`./__fixtures__/nasty/${name}`, import.meta.url)), encoding);

describe('regression corpus of nasty files', () => {
  const cases: [string, BufferEncoding, { ok: false; error: RegExp } | { ok: true; quantities: number[]; errorLines: number[] }][] = [
    ['binary-junk.csv', 'latin1', { ok: false, error: /binary-junk.csv: not a portfolio file/ }],
    ['blank-lines-only.csv', 'utf8', { ok: false, error: /empty/ }],
    ['empty.csv', 'utf8', { ok: false, error: /empty/ }],
    ['duplicate-header.csv', 'utf8', { ok: false, error: /duplicate column "Quantity"/ }],
    ['json-truncated.json', 'utf8', { ok: false, error: /invalid JSON at line 1, column 52/ }],
    ['bom-semicolon-crlf-nan.csv', 'utf8', { ok: true, quantities: [1], errorLines: [4] }],
    ['numbers.csv', 'utf8', { ok: true, quantities: [1e-320, 0, 2], errorLines: [2, 3, 4, 7, 8] }],
    ['unclosed-quote.csv', 'utf8', { ok: true, quantities: [2], errorLines: [2] }],
    ['unknown-instruments.csv', 'utf8', { ok: true, quantities: [3], errorLines: [2, 3] }],
    ['formula-injection.csv', 'utf8', { ok: true, quantities: [1, -2], errorLines: [2] }],
    ['header-only.csv', 'utf8', { ok: true, quantities: [], errorLines: [] }],
    ['json-bad-elements.json', 'utf8', { ok: true, quantities: [1], errorLines: [2, 3] }],
    ['deribit-mixed.json', 'utf8', { ok: true, quantities: [-100], errorLines: [1] }],
  ];
  it.each(cases)('%s', (file, encoding, expected) => {
    const r = importPortfolioText(nasty(file, encoding), file);
    if (!expected.ok) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(expected.error);
      return;
    }
    if (!r.ok) throw new Error(r.error);
    expect(r.result.portfolio.positions.map((p) => p.quantity)).toEqual(expected.quantities);
    expect(r.result.errors.map((e) => e.line)).toEqual(expected.errorLines);
  });
});

// ---- generators ----
const goodInstrument = fc.constantFrom(
  'BTC-PERPETUAL',
  'ETH-PERPETUAL',
  'BTC',
  'USDC',
  'BTC-25SEP26-80000-C',
  'ETH_USDC-PERPETUAL',
  'btc-25dec26',
  'XRP_USDC-27DEC24-0d625-C',
);
const badInstrument = fc.constantFrom(
  'FOO-BAR',
  'BTC-05JAN26',
  'BTC-31FEB26',
  'BTC-25SEP26-x-C',
  '',
  '   ',
  '=1+1',
  'ÄÖÜ',
  'BTC_USDT-PERPETUAL',
  'BTC-25SEP26-80000-Q',
);
const goodQuantity = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('1e-300', '-2.5e-7', '+7', '.5', '0', '-0'),
);
const badQuantity = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '', 'abc', '0x1F', '1,5', '١٢', '∞', '--1');
const text = fc.string({ unit: 'grapheme', maxLength: 12 });

interface Row {
  readonly cells: string[];
  readonly good: boolean;
}
const row: fc.Arbitrary<Row> = fc.oneof(
  fc.tuple(goodInstrument, goodQuantity, text).map(([i, q, l]) => ({ cells: [i, q, l], good: true })),
  fc.tuple(badInstrument, goodQuantity, text).map(([i, q, l]) => ({ cells: [i, q, l], good: false })),
  fc.tuple(goodInstrument, badQuantity, text).map(([i, q, l]) => ({ cells: [i, q, l], good: false })),
);

function quote(cell: string, sep: string): string {
  return /["\r\n]/.test(cell) || cell.includes(sep) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell;
}

describe('fuzzed CSV files', () => {
  it('never throw, never drop a row silently: each data row is loaded or reported at its physical line', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 25 }),
        fc.constantFrom(',', ';'),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.array(fc.nat({ max: 3 }), { minLength: 30, maxLength: 30 }),
        (rows, sep, eol, bom, blanks) => {
          let text = `${bom ? '\uFEFF' : ''}instrument${sep}quantity${sep}label${eol}`;
          let line = 2;
          const expectedLines: number[] = [];
          rows.forEach((r, i) => {
            const nBlank = blanks[i] ?? 0;
            text += eol.repeat(nBlank);
            line += nBlank;
            // Skip rows whose cells are all blank (they are blank lines, legitimately skipped).
            if (r.cells.every((c) => c.trim() === '')) return;
            expectedLines.push(line);
            const rendered = r.cells.map((c) => quote(c, sep)).join(sep);
            text += rendered + eol;
            line += 1 + (rendered.match(/\r\n|\r|\n/g)?.length ?? 0);
          });
          const out = importPortfolioText(text, 'fuzz.csv');
          if (!out.ok) throw new Error(out.error);
          const seen = [...out.result.portfolio.positions.map((p) => p.line!), ...out.result.errors.map((e) => e.line!)].sort(
            (a, b) => a - b,
          );
          expect(seen).toEqual(expectedLines);
          const goodLines = rows.filter((r) => r.good && !r.cells.every((c) => c.trim() === '')).length;
          expect(out.result.portfolio.positions.length).toBeLessThanOrEqual(goodLines);
        },
      ),
      { numRuns: propertyRuns(1500) },
    );
  });

  it('never throw on arbitrary bytes, unicode or JSON-looking junk', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => String.fromCharCode(...b)),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.json().map((j) => j.slice(0, 400)),
          fc.string({ maxLength: 50 }).map((s) => `instrument,quantity\n${s}`),
          fc.string({ maxLength: 50 }).map((s) => `{"schemaVersion":1,"positions":[${s}]}`),
          fc.string({ maxLength: 50 }).map((s) => `{"result":[{"instrument_name":${JSON.stringify(s)},"size":${s.length}}]}`),
        ),
        fc.constantFrom('a.csv', 'b.json', 'c.txt', ''),
        (content, name) => {
          const out = importPortfolioText(content, name);
          expect(typeof out.ok).toBe('boolean');
          if (!out.ok) expect(out.error.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: propertyRuns(2000) },
    );
  });

  it('refuses files with duplicate headers as a whole, whatever the case and spacing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('instrument', 'quantity', 'label', 'venue'),
        fc.constantFrom('', ' ', '  '),
        fc.boolean(),
        (dup, pad, upper) => {
          const name = upper ? dup.toUpperCase() : dup;
          const out = importPortfolioText(`instrument,quantity,label,venue,${pad}${name}${pad}\nBTC,1,a,b,c\n`, 'dup.csv');
          expect(out.ok).toBe(false);
          if (!out.ok) expect(out.error).toMatch(/duplicate column/);
        },
      ),
      { numRuns: propertyRuns(50) },
    );
  });
});
