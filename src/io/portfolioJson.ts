/**
 * Portfolio JSON importer (PRODUCT.md "Portfolio JSON") and the line-aware JSON parser shared with the Deribit
 * importer.
 *
 * Format: `{ "schemaVersion": 1, "name": "…", "positions": [ { "instrument", "quantity", "unit", "entryPrice",
 * "venue", "label" } ] }`, plus the session flags `whatIf` / `excluded` (booleans, written only when true).
 * `quantity` is signed in `unit` (`coin` when absent); `entryPrice` is in the instrument's quote currency.
 * Unknown top-level fields go to `Portfolio.extra`, unknown position fields to `Position.extra` (values as parsed),
 * in file order, so the exporter writes them back.
 *
 * Why a hand-written parser: `JSON.parse` cannot say where each element starts, and its error messages differ by
 * engine (V8 no longer names a position). This strict RFC 8259 parser gives the physical line of every object and
 * array element, and errors as "line L, column C".
 */

import type { Portfolio, Position, RowError } from '../domain/position.ts';
import type { PortfolioImportOutcome } from './importPortfolio.ts';
import {
  filePrefix,
  makePosition,
  memoInstrumentParser,
  portfolioNameFromFile,
  setOwn,
  validatePositionFields,
  type FieldNames,
  type ImportOptions,
} from './portfolioCsv.ts';

/** A parsed JSON text with the physical line (first line = 1) where each object and array element starts. */
export interface JsonDocument {
  readonly value: unknown;
  /** Line of the `{` of an object from this document. */
  lineOfObject(value: object): number | undefined;
  /** Lines where each element of an array from this document starts. */
  elementLines(array: readonly unknown[]): readonly number[] | undefined;
}

/** Nesting limit: deeper input is refused instead of overflowing the stack. */
const MAX_DEPTH = 512;

class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly at: number,
  ) {
    super(reason);
  }
}

class JsonParser {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  readonly objectLines = new WeakMap<object, number>();
  readonly arrayLines = new WeakMap<readonly unknown[], number[]>();
  private readonly numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  /** Run of string characters that need no attention (not a quote, backslash or control character). */
  // eslint-disable-next-line no-control-regex -- control characters are exactly what JSON strings must not contain
  private readonly plainChars = /[^"\\\u0000-\u001f]*/y;

  constructor(private readonly s: string) {}

  parseDocument(): unknown {
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.i < this.s.length) this.fail('unexpected content after the JSON value');
    return value;
  }

  /** Line and column (1-based, UTF-16 units) of a character index; the index is on the current line or before. */
  position(at: number): { line: number; column: number } {
    // Errors are raised on the line being read; only whitespace holds line breaks, so recount from lineStart.
    return { line: this.line, column: Math.max(1, at - this.lineStart + 1) };
  }

  private fail(reason: string, at: number = this.i): never {
    throw new JsonSyntaxError(reason, at);
  }

  private skipWhitespace(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09) this.i++;
      else if (c === 0x0a) {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === 0x0d) {
        this.i += s.charCodeAt(this.i + 1) === 0x0a ? 2 : 1;
        this.line++;
        this.lineStart = this.i;
      } else return;
    }
  }

  private parseValue(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    this.skipWhitespace();
    const s = this.s;
    if (this.i >= s.length) this.fail('unexpected end of input');
    const c = s[this.i];
    switch (c) {
      case '{':
        return this.parseObject(depth);
      case '[':
        return this.parseArray(depth);
      case '"':
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.parseNumber();
        return this.fail(`unexpected character ${JSON.stringify(c)}`);
    }
  }

  private parseLiteral(word: string, value: unknown): unknown {
    if (!this.s.startsWith(word, this.i)) this.fail(`unexpected character ${JSON.stringify(this.s[this.i])}`);
    this.i += word.length;
    return value;
  }

  private parseNumber(): number {
    this.numberPattern.lastIndex = this.i;
    const m = this.numberPattern.exec(this.s);
    if (m === null) return this.fail('invalid number');
    this.i += m[0].length;
    const next = this.s[this.i];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) this.fail('invalid number');
    return Number(m[0]);
  }

  private parseString(): string {
    const s = this.s;
    const start = this.i;
    let k = this.i + 1;
    let chunk = k;
    let out = '';
    for (;;) {
      this.plainChars.lastIndex = k;
      this.plainChars.exec(s);
      k = this.plainChars.lastIndex;
      if (k >= s.length) this.fail('unterminated string', start);
      const c = s.charCodeAt(k);
      if (c === 0x22) {
        out += s.slice(chunk, k);
        this.i = k + 1;
        return out;
      }
      if (c === 0x5c) {
        out += s.slice(chunk, k);
        const e = s[k + 1];
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = s.slice(k + 2, k + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape in string', k);
            out += String.fromCharCode(parseInt(hex, 16));
            k += 4;
            break;
          }
          default:
            this.fail(e === undefined ? 'unterminated string' : `invalid escape \\${e} in string`, k);
        }
        k += 2;
        chunk = k;
        continue;
      }
      if (c < 0x20) this.fail('unescaped control character (e.g. a line break) in string', k);
      k++;
    }
  }

  private parseObject(depth: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    this.objectLines.set(obj, this.line);
    this.i++; // {
    this.skipWhitespace();
    if (this.s[this.i] === '}') {
      this.i++;
      return obj;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.s[this.i] !== '"')
        this.fail(this.i >= this.s.length ? 'unexpected end of input' : 'expected a property name in double quotes');
      const key = this.parseString();
      this.skipWhitespace();
      if (this.s[this.i] !== ':')
        this.fail(this.i >= this.s.length ? 'unexpected end of input' : `expected ':' after property name "${key}"`);
      this.i++;
      // Like JSON.parse: a repeated key keeps the last value; `__proto__` becomes an ordinary own property.
      setOwn(obj, key, this.parseValue(depth + 1));
      this.skipWhitespace();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return obj;
      }
      this.fail(c === undefined ? 'unexpected end of input' : "expected ',' or '}' after a property value");
    }
  }

  private parseArray(depth: number): unknown[] {
    const arr: unknown[] = [];
    const lines: number[] = [];
    this.arrayLines.set(arr, lines);
    this.i++; // [
    this.skipWhitespace();
    if (this.s[this.i] === ']') {
      this.i++;
      return arr;
    }
    for (;;) {
      this.skipWhitespace();
      lines.push(this.line);
      arr.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return arr;
      }
      this.fail(c === undefined ? 'unexpected end of input' : "expected ',' or ']' after an array element");
    }
  }
}

/**
 * Parse JSON text (strict RFC 8259; a leading BOM is ignored), recording where objects and array elements start.
 * @returns the document, or `invalid JSON at line L, column C: reason`
 */
export function parseJsonDocument(text: string): { ok: true; document: JsonDocument } | { ok: false; error: string } {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parser = new JsonParser(s);
  try {
    const value = parser.parseDocument();
    return {
      ok: true,
      document: {
        value,
        lineOfObject: (v) => parser.objectLines.get(v),
        elementLines: (a) => parser.arrayLines.get(a),
      },
    };
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      const { line, column } = parser.position(e.at);
      return { ok: false, error: `invalid JSON at line ${line}, column ${column}: ${e.reason}` };
    }
    return { ok: false, error: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const JSON_FIELD_NAMES: FieldNames = { entryPrice: 'entryPrice', whatIf: 'whatIf' };

/** Position fields our JSON format defines; every other key is kept in `Position.extra`. */
export const JSON_POSITION_KEYS: readonly string[] = [
  'instrument',
  'quantity',
  'unit',
  'entryPrice',
  'venue',
  'label',
  'whatIf',
  'excluded',
];
/** Top-level fields our JSON format defines; every other key is kept in `Portfolio.extra`. */
export const JSON_PORTFOLIO_KEYS: readonly string[] = ['schemaVersion', 'name', 'positions'];

/** The schema version this code reads and writes. */
export const PORTFOLIO_SCHEMA_VERSION = 1;

/**
 * Import a portfolio JSON file.
 * @param text the file contents
 * @param options file name for messages and the default name (when the file has no `name`), id prefix
 * @returns ok:false for invalid JSON (with line/column), a schemaVersion other than 1, or a shape that is not a
 *   portfolio; otherwise the good positions (ids `p1`, …, `line` = line of the position's `{`) and one RowError
 *   per rejected position.
 */
export function importPortfolioJson(text: string, options: ImportOptions = {}): PortfolioImportOutcome {
  try {
    const parsed = parseJsonDocument(text);
    if (!parsed.ok) return { ok: false, error: `${filePrefix(options)}${parsed.error}` };
    return portfolioFromJsonDocument(parsed.document, options);
  } catch (e) {
    // Defensive: nothing above is meant to throw, but an import must always return an outcome.
    return { ok: false, error: `${filePrefix(options)}could not read the JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** {@link importPortfolioJson} for an already parsed document (used by the format detector). */
export function portfolioFromJsonDocument(document: JsonDocument, options: ImportOptions = {}): PortfolioImportOutcome {
  const prefix = filePrefix(options);
  const root = document.value;
  if (!isJsonObject(root)) {
    return { ok: false, error: `${prefix}not a portfolio JSON file: expected an object with "schemaVersion" and "positions"` };
  }
  if ('schemaVersion' in root && root.schemaVersion !== PORTFOLIO_SCHEMA_VERSION) {
    // A missing schemaVersion is read as version 1 (hand-written files); any other value is refused so a future
    // format is never misread.
    return {
      ok: false,
      error: `${prefix}schemaVersion ${JSON.stringify(root.schemaVersion) ?? 'undefined'} is not supported (this version reads schemaVersion ${PORTFOLIO_SCHEMA_VERSION})`,
    };
  }
  if (!('positions' in root)) return { ok: false, error: `${prefix}not a portfolio JSON file: no "positions" list` };
  const list = root.positions;
  if (!Array.isArray(list))
    return { ok: false, error: `${prefix}"positions" must be a list (got ${list === null ? 'null' : typeof list})` };
  let name = options.name ?? portfolioNameFromFile(options.fileName);
  if ('name' in root && root.name !== null) {
    if (typeof root.name !== 'string') return { ok: false, error: `${prefix}"name" must be text (got ${typeof root.name})` };
    name = root.name;
  }

  const lines = document.elementLines(list);
  const idPrefix = options.idPrefix ?? 'p';
  const parse = memoInstrumentParser();
  const positions: Position[] = [];
  const errors: RowError[] = [];
  const ignored = new Set<string>();
  list.forEach((entry: unknown, index: number) => {
    const line = lines?.[index] ?? null;
    if (!isJsonObject(entry)) {
      errors.push({ line, instrument: '', message: `position ${index + 1} is not an object` });
      return;
    }
    const checked = validatePositionFields(
      {
        instrument: entry.instrument,
        quantity: entry.quantity,
        unit: entry.unit,
        entryPrice: entry.entryPrice,
        venue: entry.venue,
        label: entry.label,
        whatIf: entry.whatIf,
        excluded: entry.excluded,
      },
      JSON_FIELD_NAMES,
      parse,
    );
    if (!checked.ok) {
      errors.push({ line, instrument: typeof entry.instrument === 'string' ? entry.instrument.trim() : '', message: checked.message });
      return;
    }
    let extra: Record<string, unknown> | undefined;
    for (const key of Object.keys(entry)) {
      if (JSON_POSITION_KEYS.includes(key)) continue;
      extra ??= {};
      setOwn(extra, key, entry[key]);
      ignored.add(key);
    }
    positions.push(makePosition(`${idPrefix}${positions.length + 1}`, checked.value, line ?? undefined, extra));
  });

  let portfolioExtra: Record<string, unknown> | undefined;
  for (const key of Object.keys(root)) {
    if (JSON_PORTFOLIO_KEYS.includes(key)) continue;
    portfolioExtra ??= {};
    setOwn(portfolioExtra, key, root[key]);
  }
  const portfolio: Portfolio = { name, positions, ...(portfolioExtra !== undefined ? { extra: portfolioExtra } : {}) };
  const ignoredColumns = [...ignored];
  return { ok: true, result: { portfolio, errors, format: 'json', ...(ignoredColumns.length > 0 ? { ignoredColumns } : {}) } };
}
