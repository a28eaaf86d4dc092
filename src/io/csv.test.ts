import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectSeparator, formatCsvField, readCsv, writeCsv } from './csv.ts';
import { propertyRuns } from '../testing/properties.ts';

const fieldsOf = (text: string) => readCsv(text).records.map((r) => r.fields);
const linesOf = (text: string) => readCsv(text).records.map((r) => r.line);

describe('readCsv', () => {
  it('reads CRLF, LF and lone CR line ends alike, and skips empty lines', () => {
    expect(fieldsOf('a,b\r\n1,2\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(linesOf('a,b\r\n1,2\n3,4\r5,6')).toEqual([1, 2, 3, 4]);
    expect(linesOf('a\n\n\r\n\rb\n')).toEqual([1, 5]);
  });

  it('ignores a BOM and does not invent a record after the final line break', () => {
    expect(fieldsOf('\uFEFFa,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads quoted fields with separators, doubled quotes and line breaks, counting physical lines', () => {
    const text = 'h1,h2\n"x, y","say ""hi"""\n"multi\r\nline\rvalue\nend",z\nlast,row\n';
    const { records } = readCsv(text);
    expect(records.map((r) => r.fields)).toEqual([
      ['h1', 'h2'],
      ['x, y', 'say "hi"'],
      ['multi\r\nline\rvalue\nend', 'z'],
      ['last', 'row'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 7]);
    expect(records[1]?.quoted).toEqual([true, true]);
  });

  it('keeps unquoted spaces and quotes literally, and accepts spaces around a quoted field', () => {
    expect(fieldsOf(' a , 5" screen ,  "b, c"  ,d')).toEqual([[' a ', ' 5" screen ', 'b, c', 'd']]);
  });

  it('keeps trailing empty fields', () => {
    expect(fieldsOf('a,b,\n,,\n')).toEqual([
      ['a', 'b', ''],
      ['', '', ''],
    ]);
  });

  it('flags text after a closing quote without losing it', () => {
    const { records } = readCsv('"ab"c,d\nx,y');
    expect(records[0]?.fields).toEqual(['abc', 'd']);
    expect(records[0]?.error).toMatch(/field 1: unexpected text after the closing quote/);
    expect(records[1]).toEqual({ fields: ['x', 'y'], quoted: [false, false], line: 2 });
  });

  it('reports an unterminated quote and resumes on the next line so later rows are not swallowed', () => {
    const { records } = readCsv('h1,h2\na,"open\nb,c\nd,e\n');
    expect(records.map((r) => [r.line, r.error !== undefined])).toEqual([
      [1, false],
      [2, true],
      [3, false],
      [4, false],
    ]);
    expect(records[1]?.error).toBe('unterminated quoted field (the quote opened on line 2 is never closed)');
    expect(records[2]?.fields).toEqual(['b', 'c']);
  });

  it('counts the line of an unterminated quote that opens after an earlier multi-line field', () => {
    const { records } = readCsv('h\n"a\nb","c\nd\n');
    expect(records[1]?.line).toBe(2);
    expect(records[1]?.error).toMatch(/opened on line 3/);
    expect(records[2]).toMatchObject({ fields: ['d'], line: 4 });
  });
});

describe('detectSeparator', () => {
  it('uses ; only when the header line has more semicolons than commas outside quotes', () => {
    expect(detectSeparator('instrument;quantity;label\n1,2;3')).toBe(';');
    expect(detectSeparator('instrument,quantity\na;b;c;d')).toBe(',');
    expect(detectSeparator('"a;b;c",x\n')).toBe(',');
    expect(detectSeparator('\n\r\n  instrument;quantity')).toBe(';');
    expect(detectSeparator('instrument')).toBe(',');
  });
});

describe('writeCsv / formatCsvField', () => {
  it('quotes only when needed and ends every row with CRLF', () => {
    expect(
      writeCsv([
        ['a', 'b,c', 'say "x"', ''],
        ['line\nbreak', ' pad', 'cr\r'],
      ]),
    ).toBe('a,"b,c","say ""x""",\r\n"line\nbreak"," pad","cr\r"\r\n');
    expect(formatCsvField('a;b', ';')).toBe('"a;b"');
    expect(formatCsvField('a;b', ',')).toBe('a;b');
  });

  it('round-trips arbitrary cells (apart from rows that are a single empty cell, which read as blank lines)', () => {
    const row = fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), fc.constantFrom(',' as const, ';' as const), (rows, separator) => {
        const kept = rows.filter((r) => !(r.length === 1 && r[0] === ''));
        const { records } = readCsv(writeCsv(kept, { separator }), { separator });
        // Unquoted cells come back untrimmed but the writer quotes any cell with outer whitespace, so the values
        // are identical either way.
        expect(records.map((r) => r.fields)).toEqual(kept);
        expect(records.every((r) => r.error === undefined)).toBe(true);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
