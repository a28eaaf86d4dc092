import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PortfolioImport } from '../domain/position.ts';
import {
  escapeFormula,
  importPortfolioCsv,
  PORTFOLIO_COLUMNS,
  PORTFOLIO_CSV_TEMPLATE,
  portfolioNameFromFile,
  unescapeFormula,
} from './portfolioCsv.ts';
import { importPortfolioText } from './importPortfolio.ts';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function load(text: string, fileName = 'book.csv'): PortfolioImport {
  const outcome = importPortfolioCsv(text, { fileName });
  if (!outcome.ok) throw new Error(`expected a portfolio, got: ${outcome.error}`);
  return outcome.result;
}

function refuse(text: string, fileName = 'book.csv'): string {
  const outcome = importPortfolioCsv(text, { fileName });
  if (outcome.ok) throw new Error('expected the file to be refused');
  return outcome.error;
}

describe('importPortfolioCsv: bad-rows.csv fixture', () => {
  const result = load(fixture('bad-rows.csv'), 'fixtures/bad-rows.csv');

  it('loads the good rows with their physical lines, ids in file order and the file name as portfolio name', () => {
    expect(result.format).toBe('csv');
    expect(result.portfolio.name).toBe('bad-rows');
    expect(result.portfolio.positions.map((p) => [p.id, p.line, p.instrument])).toEqual([
      ['p1', 2, 'BTC-27DEC24-60000-C'],
      ['p2', 3, 'BTC-PERPETUAL'],
      ['p3', 6, 'BTC-27DEC24-60000-C'],
      ['p4', 10, 'BTC-27DEC24'],
      ['p5', 17, 'USDC'],
      ['p6', 18, 'BTC'],
      ['p7', 22, 'XRP_USDC-27DEC24-0d625-C'],
      ['p8', 24, 'ETH-PERPETUAL'],
    ]);
  });

  it('reads values as given: signed quantity, unit (undefined when empty), entry price, venue default, label, extra', () => {
    const [calls, perp, multi, future, cash, zero, xrp, exp] = result.portfolio.positions;
    expect(calls).toStrictEqual({
      id: 'p1',
      instrument: 'BTC-27DEC24-60000-C',
      quantity: 2,
      entryPrice: 0.05,
      venue: 'deribit',
      label: 'long calls',
      line: 2,
      extra: { book_id: 'A1' },
    });
    expect(perp).toMatchObject({ quantity: -10000, unit: 'usd', entryPrice: 43000.5, label: 'hedge, perp' });
    expect(multi?.label).toBe('a label\nover three lines with "quotes"\nand a comma, here');
    expect(multi?.extra).toEqual({ book_id: 'A3' });
    expect(future).toMatchObject({ quantity: 100, unit: 'contracts' });
    expect(cash).toMatchObject({ quantity: 250000, venue: 'binance', entryPrice: null, extra: { book_id: '' } });
    expect(zero).toMatchObject({ quantity: 0, venue: 'deribit', label: 'zero placeholder' });
    expect(xrp).toMatchObject({ quantity: -1000, unit: 'contracts', entryPrice: 0.01 });
    expect(exp).toMatchObject({ quantity: 1000, unit: 'coin', entryPrice: 2500 });
  });

  it('reports every bad row with its physical line (after a 3-line quoted label and blank lines) and the reason', () => {
    expect(result.errors).toEqual([
      { line: 5, instrument: 'ETH-27DEC24', message: 'quantity "abc" is not a number' },
      { line: 9, instrument: 'BTC-5JAN24-43000-X', message: '"BTC-5JAN24-43000-X": option type must be C or P (got "X")' },
      {
        line: 11,
        instrument: 'SOL_USDC-27DEC24-200-C',
        message: 'unit "usd" applies only to inverse futures and perpetuals, not to SOL_USDC-27DEC24-200-C',
      },
      { line: 14, instrument: 'ETH-PERPETUAL', message: 'quantity "1e999" is out of range' },
      {
        line: 15,
        instrument: 'BTC-05JAN24',
        message: '"BTC-05JAN24": expiry "05JAN24": the day has a leading zero (Deribit writes 5JAN24)',
      },
      { line: 16, instrument: 'ETH-27DEC24-3000-P', message: 'entry_price "0" must be positive' },
      { line: 19, instrument: 'ETH-27DEC24-3000-P', message: 'quantity is empty' },
      {
        line: 20,
        instrument: 'BTC-27DEC24-70000-C',
        message: 'unit "lots" does not fit BTC-27DEC24-70000-C (underlying BTC): use coin or BTC, usd or USD, or contracts',
      },
      { line: 21, instrument: '', message: 'instrument name is empty' },
      { line: 23, instrument: 'BTC-PERPETUAL', message: 'row has 8 fields but the header has 7' },
    ]);
  });

  it('drops nothing silently: every non-blank data line is loaded or reported', () => {
    expect(result.portfolio.positions.length + result.errors.length).toBe(18);
  });
});

describe('importPortfolioCsv: semicolon-bom-crlf.csv fixture', () => {
  const text = fixture('semicolon-bom-crlf.csv');

  it('is really a BOM + ; + CRLF file (guards against line-end normalisation of the fixture)', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')[0]).toBe('\uFEFFInstrument;Quantity;Unit;Entry_Price;Venue;Label;Desk');
  });

  it('reads case-insensitive headers, ; separator, quoted ; and CRLF inside a label, and strips the formula guard', () => {
    const result = load(text);
    expect(result.portfolio.positions).toStrictEqual([
      {
        id: 'p1',
        instrument: 'BTC-27DEC24-60000-C',
        quantity: 2,
        unit: 'contracts',
        entryPrice: 0.0515,
        venue: 'deribit',
        label: 'calls; rolled',
        line: 2,
        extra: { Desk: 'Desk A' },
      },
      {
        id: 'p2',
        instrument: 'BTC-PERPETUAL',
        quantity: -25000,
        unit: 'usd',
        entryPrice: null,
        venue: 'deribit',
        label: 'two\r\nlines',
        line: 4,
        extra: { Desk: 'Desk B' },
      },
      {
        id: 'p3',
        instrument: 'ETH-PERPETUAL',
        quantity: 3,
        unit: 'coin',
        entryPrice: null,
        venue: 'deribit',
        label: '=1+2',
        line: 7,
        extra: { Desk: 'Desk D' },
      },
    ]);
    expect(result.errors).toEqual([
      {
        line: 6,
        instrument: 'ETH-27DEC24',
        message: 'quantity "1,5" is not a number (use a point as the decimal separator and no thousands separators)',
      },
    ]);
  });
});

describe('importPortfolioCsv: header rules', () => {
  it('refuses a file without instrument or quantity column, naming the file and the column', () => {
    expect(refuse('instrument,pos\nBTC,1\n')).toBe(
      'book.csv: not a portfolio file: missing column quantity (expected columns instrument, quantity (required) and unit, entry_price, venue, label (optional); found "instrument", "pos")',
    );
    expect(refuse('name,value\n')).toMatch(
      /^book\.csv: not a portfolio file: missing columns instrument, quantity \(expected .*; found "name", "value"\)$/,
    );
  });

  it('refuses duplicate column names (case-insensitive, aliases included), naming the duplicate', () => {
    expect(refuse('instrument,quantity,Label,label\n')).toBe(
      'book.csv: not a portfolio file: duplicate column "label" (columns 3 and 4, "Label")',
    );
    expect(refuse('instrument,quantity,entry_price,entryPrice\n')).toMatch(/duplicate column "entryPrice" \(columns 3 and 4/);
    expect(refuse('instrument,quantity,note,NOTE\n')).toMatch(/duplicate column "NOTE"/);
  });

  it('refuses an empty file, accepts a header-only file with 0 positions', () => {
    expect(refuse('')).toBe('book.csv: the file is empty');
    expect(refuse('\uFEFF\r\n\n  \n')).toBe('book.csv: the file is empty');
    const headerOnly = load('instrument,quantity\r\n');
    expect(headerOnly.portfolio.positions).toEqual([]);
    expect(headerOnly.errors).toEqual([]);
  });

  it('uses the physical line of a header preceded by blank lines', () => {
    const result = load('\n\ninstrument,quantity\nBTC,x\n');
    expect(result.errors).toEqual([{ line: 4, instrument: 'BTC', message: 'quantity "x" is not a number' }]);
  });

  it('accepts entryPrice / whatIf spellings and any column order; keeps unknown columns in order', () => {
    const result = load('Note,QUANTITY,entryPrice,Instrument,zz,aa\nn1,-2,0.1,BTC-27DEC24-60000-C,z,a\n');
    expect(result.portfolio.positions[0]).toStrictEqual({
      id: 'p1',
      instrument: 'BTC-27DEC24-60000-C',
      quantity: -2,
      entryPrice: 0.1,
      venue: 'deribit',
      label: '',
      line: 2,
      extra: { Note: 'n1', zz: 'z', aa: 'a' },
    });
    expect(Object.keys(result.portfolio.positions[0]?.extra ?? {})).toEqual(['Note', 'zz', 'aa']);
  });

  it('ignores unnamed columns (trailing separators) but reports a value in one', () => {
    const result = load('instrument,quantity,,\nBTC,1,,\nETH,2,,x\n');
    expect(result.portfolio.positions.map((p) => p.instrument)).toEqual(['BTC']);
    expect(result.errors).toEqual([{ line: 3, instrument: 'ETH', message: 'value in column 4, which has no header name' }]);
  });

  it('refuses a header with malformed quoting', () => {
    expect(refuse('"instrument,quantity\nBTC,1\n')).toMatch(
      /^book\.csv: not a portfolio file: header \(line 1\): unterminated quoted field/,
    );
  });
});

describe('importPortfolioCsv: row rules', () => {
  const rows = (body: string) => load(`instrument,quantity,unit,entry_price,venue,label\n${body}`);

  it('accepts signed decimals and exponents, rejects NaN, Infinity, hex, text, and out-of-range numbers', () => {
    const ok = rows('BTC,-2.5\nBTC,1e3\nBTC,+7\nBTC,.5\nBTC,1E-7\nBTC,-0\n');
    expect(ok.portfolio.positions.map((p) => p.quantity)).toEqual([-2.5, 1000, 7, 0.5, 1e-7, 0]);
    expect(Object.is(ok.portfolio.positions[5]?.quantity, 0)).toBe(true);
    const bad = rows('BTC,NaN\nBTC,Infinity\nBTC,0x10\nBTC,ten\nBTC,-1e999\nBTC,1 000\n');
    expect(bad.errors.map((e) => e.message)).toEqual([
      'quantity "NaN" is not a number',
      'quantity "Infinity" is not a number',
      'quantity "0x10" is not a number',
      'quantity "ten" is not a number',
      'quantity "-1e999" is out of range',
      'quantity "1 000" is not a number',
    ]);
  });

  it('checks units case-insensitively against the instrument and joins several reasons for one row', () => {
    const result = rows(
      'BTC-PERPETUAL,100,USD\nETH-27DEC24-3000-C,1,Contracts\nBTC,1,usd\nAVAX_USDC-29MAY26-8D6-P,1,contracts\nBTC-XX,abc,lots,-1\n',
    );
    expect(result.portfolio.positions.map((p) => [p.instrument, p.unit])).toEqual([
      ['BTC-PERPETUAL', 'usd'],
      ['ETH-27DEC24-3000-C', 'contracts'],
    ]);
    expect(result.errors.map((e) => [e.line, e.message])).toEqual([
      [4, 'unit "usd" applies only to inverse futures and perpetuals, not to BTC'],
      [5, 'unit "contracts": the multiplier of AVAX linear options is not known (known: SOL, XRP)'],
      [
        6,
        '"BTC-XX": expiry "XX" is not of the form DMMMYY (e.g. 5JAN24, 27DEC24); quantity "abc" is not a number; entry_price "-1" must be positive',
      ],
    ]);
  });

  it('trims unquoted cells, keeps quoted cells verbatim, and keeps the instrument as written', () => {
    const result = rows(' btc-perpetual , 5 , usd ,  , "  my venue ", " padded label "\n');
    expect(result.portfolio.positions[0]).toMatchObject({
      instrument: 'btc-perpetual',
      quantity: 5,
      unit: 'usd',
      entryPrice: null,
      venue: 'my venue',
      label: ' padded label ',
    });
  });

  it('skips blank rows, including rows of separators and spaces', () => {
    const result = rows('\n , , \n,,,,,\nBTC,1\n');
    expect(result.portfolio.positions.map((p) => p.line)).toEqual([5]);
    expect(result.errors).toEqual([]);
  });

  it('reports a row with an unterminated quote and still loads the following rows', () => {
    const result = rows('BTC,1,,,,"oops\nETH,2\n');
    expect(result.errors).toEqual([
      { line: 2, instrument: 'BTC', message: 'unterminated quoted field (the quote opened on line 2 is never closed)' },
    ]);
    expect(result.portfolio.positions.map((p) => [p.instrument, p.line])).toEqual([['ETH', 3]]);
  });

  it('reads the what_if / excluded flags', () => {
    const result = load('instrument,quantity,what_if,excluded\nBTC,1,true,\nETH,1,false,yes\nSOL,1,maybe,\n');
    expect(result.portfolio.positions.map((p) => [p.whatIf, p.excluded])).toEqual([
      [true, undefined],
      [undefined, true],
    ]);
    expect(result.errors.map((e) => e.message)).toEqual(['what_if "maybe" must be true or false']);
  });
});

describe('formula-injection guard', () => {
  it('prefixes text starting with = + - @ TAB CR, and is exactly inverted by unescapeFormula', () => {
    expect(escapeFormula('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(escapeFormula('-2+3')).toBe("'-2+3");
    expect(escapeFormula('@x')).toBe("'@x");
    expect(escapeFormula('\tx')).toBe("'\tx");
    expect(escapeFormula("'=x")).toBe("''=x");
    expect(escapeFormula("it's")).toBe("it's");
    expect(escapeFormula('a=b')).toBe('a=b');
    for (const s of ['=x', "'=x", "''+y", "'plain", 'plain', '', "'", '\r\n']) expect(unescapeFormula(escapeFormula(s))).toBe(s);
    expect(unescapeFormula("'=1+2")).toBe('=1+2');
    expect(unescapeFormula("'abc")).toBe("'abc");
  });
});

describe('portfolioNameFromFile', () => {
  it('drops directories and the extension', () => {
    expect(portfolioNameFromFile('C:\\books\\main.book.csv')).toBe('main.book');
    expect(portfolioNameFromFile('/tmp/x.json')).toBe('x');
    expect(portfolioNameFromFile(undefined)).toBe('Portfolio');
    expect(portfolioNameFromFile('.csv')).toBe('Portfolio');
  });
});

describe('progress on large files', () => {
  it('reports increasing fractions while reading and validating, and the same result as without', () => {
    const lines = ['instrument,quantity'];
    for (let i = 0; i < 23_000; i++) lines.push(`BTC-PERPETUAL,${i + 1}`);
    const text = lines.join('\n');
    const seen: number[] = [];
    const withProgress = importPortfolioText(text, 'big.csv', { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThanOrEqual(8);
    expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]!))).toBe(true);
    expect(seen[seen.length - 1]).toBeGreaterThan(0.9);
    expect(withProgress).toEqual(importPortfolioText(text, 'big.csv'));
  });
});

describe('importPortfolioCsv: help with foreign headers', () => {
  it('reads the obvious aliases of quantity and entry_price, and spaced or dashed spellings', () => {
    for (const [q, e] of [
      ['qty', 'entry'],
      ['size', 'avg_price'],
      ['Amount', 'Average Price'],
      ['quantity', 'average-price'],
    ]) {
      const result = load(`Instrument Name,${q},${e}\nBTC-PERPETUAL,-5,80000\n`);
      expect(result.portfolio.positions[0]).toMatchObject({ instrument: 'BTC-PERPETUAL', quantity: -5, entryPrice: 80000 });
      expect(result.ignoredColumns).toBeUndefined();
    }
  });

  it('names the columns it keeps but does not use, so an unread entry price is not a surprise', () => {
    const result = load('instrument,quantity,entry price usd,desk\nBTC-PERPETUAL,1,80000,A\n');
    expect(result.ignoredColumns).toEqual(['entry price usd', 'desk']);
    expect(result.portfolio.positions[0]).toMatchObject({ entryPrice: null, extra: { 'entry price usd': '80000', desk: 'A' } });
  });

  it('says which columns were expected and which were found, and returns them for a mapping', () => {
    const outcome = importPortfolioCsv('Ticker,Pos,Avg\nBTC-PERPETUAL,1,80000\n', { fileName: 'x.csv' });
    expect(outcome).toEqual({
      ok: false,
      error:
        'x.csv: not a portfolio file: missing columns instrument, quantity (expected columns instrument, quantity (required) and unit, entry_price, venue, label (optional); found "Ticker", "Pos", "Avg")',
      header: { found: ['Ticker', 'Pos', 'Avg'], missing: ['instrument', 'quantity'] },
    });
  });

  it('re-imports with the trader’s mapping of found columns to ours (ahead of the built-in names)', () => {
    const text = 'Ticker,Pos,Avg,label\nBTC-PERPETUAL,-100,80000,x\nETH-27DEC24-3000-P,2,0.05,y\n';
    const outcome = importPortfolioCsv(text, {
      fileName: 'x.csv',
      columnMap: { ticker: 'instrument', POS: 'quantity', Avg: 'entry_price' },
    });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.result.portfolio.positions.map((p) => [p.instrument, p.quantity, p.entryPrice, p.label])).toEqual([
      ['BTC-PERPETUAL', -100, 80000, 'x'],
      ['ETH-27DEC24-3000-P', 2, 0.05, 'y'],
    ]);
    expect(outcome.result.ignoredColumns).toBeUndefined();
    // A mapping onto a column the file already has is a duplicate, named as such.
    const dup = importPortfolioCsv(text, { fileName: 'x.csv', columnMap: { Ticker: 'label', Pos: 'quantity' } });
    expect(!dup.ok && dup.error).toMatch(/duplicate column "label" \(columns 1 and 4/);
  });

  it('reads BTC / ETH / USD / USDC units as coin or usd where they mean that, and refuses them where they do not', () => {
    const result = load(
      [
        'instrument,quantity,unit',
        'BTC-PERPETUAL,100000,USD',
        'BTC-PERPETUAL,2,BTC',
        'ETH-27DEC24-3000-C,3,eth',
        'ETH-26MAR27,5000,USDC',
        'USDC,1000,USDC',
        'BTC_USDC-PERPETUAL,1,BTC',
        'BTC,0.5,ETH',
        'ETH-PERPETUAL,1,BTC',
        'BTC-27DEC24-60000-C,1,USD',
        'USD,5,USDC',
        '',
      ].join('\n'),
    );
    expect(result.portfolio.positions.map((p) => [p.instrument, p.quantity, p.unit])).toEqual([
      ['BTC-PERPETUAL', 100000, 'usd'],
      ['BTC-PERPETUAL', 2, 'coin'],
      ['ETH-27DEC24-3000-C', 3, 'coin'],
      ['ETH-26MAR27', 5000, 'usd'],
      ['USDC', 1000, 'coin'],
      ['BTC_USDC-PERPETUAL', 1, 'coin'],
    ]);
    expect(result.errors.map((e) => [e.line, e.message])).toEqual([
      [8, 'unit "ETH" does not fit BTC (underlying BTC): use coin or BTC, usd or USD, or contracts'],
      [9, 'unit "BTC" does not fit ETH-PERPETUAL (underlying ETH): use coin or ETH, usd or USD, or contracts'],
      [10, 'unit "usd" applies only to inverse futures and perpetuals, not to BTC-27DEC24-60000-C'],
      [11, 'unit "USDC" does not fit USD (currency USD): use coin or USD, usd or USD, or contracts'],
    ]);
  });

  it('the template CSV imports cleanly with every column known', () => {
    const result = load(PORTFOLIO_CSV_TEMPLATE, 'template.csv');
    expect(result.errors).toEqual([]);
    expect(result.ignoredColumns).toBeUndefined();
    expect(result.portfolio.positions.length).toBe(6);
    expect(PORTFOLIO_COLUMNS.filter((c) => c.required).map((c) => c.name)).toEqual(['instrument', 'quantity']);
  });
});

describe('portfolioNameFromFile: our downloads', () => {
  it('gives back the book name from a time-stamped download, also after a browser renamed a second copy', () => {
    expect(portfolioNameFromFile('My book 2026-12-04T1701Z.csv')).toBe('My book');
    expect(portfolioNameFromFile('/home/t/Downloads/btc + eth 2026-12-04T0930Z (1).csv')).toBe('btc + eth');
    expect(portfolioNameFromFile('2026-12-04T0930Z.csv')).toBe('2026-12-04T0930Z');
    expect(portfolioNameFromFile('book-2026-12-04.csv')).toBe('book-2026-12-04');
  });
});
