import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PortfolioImport } from '../domain/position.ts';
import { importPortfolioJson, parseJsonDocument } from './portfolioJson.ts';
import { propertyRuns } from '../testing/properties.ts';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function load(text: string, fileName = 'book.json'): PortfolioImport {
  const outcome = importPortfolioJson(text, { fileName });
  if (!outcome.ok) throw new Error(`expected a portfolio, got: ${outcome.error}`);
  return outcome.result;
}

function refuse(text: string, fileName = 'book.json'): string {
  const outcome = importPortfolioJson(text, { fileName });
  if (outcome.ok) throw new Error('expected the file to be refused');
  return outcome.error;
}

describe('parseJsonDocument', () => {
  it('agrees with JSON.parse on arbitrary JSON (pretty or compact)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const parsed = parseJsonDocument(text);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.document.value).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('records the line where each array element and object starts (LF, CRLF and CR line ends)', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['{"a": [', '  1,', '', '  {"b":', '    2},', '  [3]', ']}'].join(eol);
      const parsed = parseJsonDocument(text);
      if (!parsed.ok) throw new Error(parsed.error);
      const root = parsed.document.value as { a: unknown[] };
      expect(parsed.document.elementLines(root.a)).toEqual([2, 4, 6]);
      expect(parsed.document.lineOfObject(root.a[1] as object)).toBe(4);
      expect(parsed.document.lineOfObject(root)).toBe(1);
    }
  });

  it('names the line and column of a syntax error', () => {
    const cases: [string, string][] = [
      ['{"a": 1,\n  "b": }', 'invalid JSON at line 2, column 8: unexpected character "}"'],
      ['{"a": 1,}', 'invalid JSON at line 1, column 9: expected a property name in double quotes'],
      ['[1, 2', 'invalid JSON at line 1, column 6: unexpected end of input'],
      ['{"a" 1}', 'invalid JSON at line 1, column 6: expected \':\' after property name "a"'],
      ['{"a": "x\ny"}', 'invalid JSON at line 1, column 9: unescaped control character (e.g. a line break) in string'],
      ['[01]', 'invalid JSON at line 1, column 3: invalid number'],
      ['{"a": tru}', 'invalid JSON at line 1, column 7: unexpected character "t"'],
      ['{} x', 'invalid JSON at line 1, column 4: unexpected content after the JSON value'],
      ['"abc', 'invalid JSON at line 1, column 1: unterminated string'],
      ['["\\x"]', 'invalid JSON at line 1, column 3: invalid escape \\x in string'],
      ['', 'invalid JSON at line 1, column 1: unexpected end of input'],
    ];
    for (const [text, error] of cases) expect(parseJsonDocument(text)).toEqual({ ok: false, error });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const parsed = parseJsonDocument(deep);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/nesting deeper than 512 levels/);
  });

  it('keeps a "__proto__" key as an ordinary property, like JSON.parse', () => {
    const parsed = parseJsonDocument('{"__proto__": {"x": 1}}');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(Object.getPrototypeOf(parsed.document.value)).toBe(Object.prototype);
    expect(Object.keys(parsed.document.value as object)).toEqual(['__proto__']);
  });
});

describe('importPortfolioJson: portfolio-unknown-fields.json fixture', () => {
  const result = load(fixture('portfolio-unknown-fields.json'));

  it('loads the good positions with the line of their "{" and keeps unknown fields (per position and top level)', () => {
    expect(result.format).toBe('json');
    expect(result.portfolio.name).toBe('Main book');
    expect(result.portfolio.extra).toStrictEqual({ createdBy: 'risk-desk', meta: { source: 'export v0', rows: 7 } });
    expect(result.portfolio.positions).toStrictEqual([
      {
        id: 'p1',
        instrument: 'BTC-27DEC24-60000-C',
        quantity: 2,
        entryPrice: 0.0515,
        venue: 'deribit',
        label: 'calls',
        line: 6,
        extra: { strategy: { name: 'wing', legs: 2 }, tags: ['a', 'b'] },
      },
      {
        id: 'p2',
        instrument: 'BTC-PERPETUAL',
        quantity: -25000,
        unit: 'usd',
        entryPrice: null,
        venue: 'deribit',
        label: 'hedge',
        line: 15,
      },
      {
        id: 'p3',
        instrument: 'ETH-PERPETUAL',
        quantity: 1.5,
        unit: 'coin',
        entryPrice: null,
        venue: 'deribit',
        label: 'numeric string',
        whatIf: true,
        line: 27,
      },
    ]);
  });

  it('reports bad positions with the physical line where the position starts', () => {
    expect(result.errors).toEqual([
      { line: 16, instrument: 'ETH-27DEC24-3000-X', message: '"ETH-27DEC24-3000-X": option type must be C or P (got "X")' },
      { line: 20, instrument: 'ETH-PERPETUAL', message: 'quantity "abc" is not a number' },
      { line: 21, instrument: '', message: 'position 5 is not an object' },
      { line: 22, instrument: 'SOL_USDC-PERPETUAL', message: 'unit "contracts" does not apply to perpetual SOL_USDC-PERPETUAL' },
    ]);
  });
});

describe('importPortfolioJson: file-level rules', () => {
  it('refuses other schema versions, wrong shapes and invalid JSON with a clear message naming the file', () => {
    expect(refuse('{"schemaVersion": 2, "positions": []}')).toBe(
      'book.json: schemaVersion 2 is not supported (this version reads schemaVersion 1)',
    );
    expect(refuse('{"schemaVersion": "1", "positions": []}')).toMatch(/schemaVersion "1" is not supported/);
    expect(refuse('{"schemaVersion": 1}')).toBe('book.json: not a portfolio JSON file: no "positions" list');
    expect(refuse('{"schemaVersion": 1, "positions": {}}')).toBe('book.json: "positions" must be a list (got object)');
    expect(refuse('{"positions": [], "name": 5}')).toBe('book.json: "name" must be text (got number)');
    expect(refuse('[1]')).toMatch(/^book\.json: not a portfolio JSON file/);
    expect(refuse('{\n  "positions": [\n    {"instrument": "BTC", "quantity": 1,}\n  ]\n}')).toBe(
      'book.json: invalid JSON at line 3, column 41: expected a property name in double quotes',
    );
  });

  it('reads a file without schemaVersion as version 1 and names it after the file', () => {
    const result = load('{"positions": [{"instrument": "BTC", "quantity": 1}]}', 'dir/my-book.json');
    expect(result.portfolio.name).toBe('my-book');
    expect(result.portfolio.positions).toHaveLength(1);
  });

  it('applies the row rules to JSON values: numbers must be finite, types must match', () => {
    const result = load(
      JSON.stringify({
        schemaVersion: 1,
        positions: [
          { instrument: 'BTC', quantity: true },
          { instrument: 7, quantity: 1 },
          { instrument: 'BTC-PERPETUAL', quantity: 1, unit: 'usd', entryPrice: 0 },
          { instrument: 'BTC', quantity: 1, label: 3, venue: ['x'] },
          { quantity: 1 },
        ],
      }).replace('"quantity":1,"unit"', '"quantity":1e999,"unit"'),
    );
    expect(result.portfolio.positions).toEqual([]);
    expect(result.errors.map((e) => e.message)).toEqual([
      'quantity must be a number (got boolean)',
      'instrument must be text (got number)',
      'quantity Infinity is not a finite number; entryPrice 0 must be positive',
      'venue must be text (got object); label must be text (got number)',
      'instrument is missing',
    ]);
  });

  it('drops nothing silently: loaded + reported = number of positions, for arbitrary position lists', () => {
    const entry = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.record(
        {
          instrument: fc.constantFrom('BTC', 'BTC-PERPETUAL', 'ETH-27DEC24-3000-C', 'nope', ''),
          quantity: fc.oneof(fc.double(), fc.string(), fc.constant(null)),
          unit: fc.constantFrom('coin', 'usd', 'contracts', 'x', null),
          entryPrice: fc.oneof(fc.double(), fc.constant(null)),
          note: fc.string(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (positions) => {
        const outcome = importPortfolioJson(JSON.stringify({ schemaVersion: 1, positions }, null, 1));
        expect(outcome.ok).toBe(true);
        if (outcome.ok) expect(outcome.result.portfolio.positions.length + outcome.result.errors.length).toBe(positions.length);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
