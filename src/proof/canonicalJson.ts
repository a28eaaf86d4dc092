/**
 * Canonical JSON: the JSON Canonicalization Scheme of RFC 8785 (JCS) for the values the proofs use.
 *
 * - objects: members sorted by key, comparing UTF-16 code units (JavaScript's default string order), no whitespace;
 *   members whose value is `undefined` are left out (as JSON.stringify does);
 * - numbers: ECMAScript Number::toString, i.e. the shortest decimal that round-trips to the same double
 *   (`0.1`, `1e-7`, `-12.5`), −0 written `0`; NaN and ±Infinity are rejected;
 * - strings: JSON.stringify's escaping (`\"`, `\\`, `\b \f \n \r \t`, other control characters `\u00xx`, everything
 *   else as UTF-8); a lone surrogate is rejected;
 * - `null`, `true`, `false` as literals; arrays in their order.
 * Anything else (undefined in an array, functions, bigint, symbols) is an error naming the path.
 *
 * Any RFC 8785 library in another language produces the same bytes for these values, which is what lets a third
 * party recompute every hash of a proof (docs/FORMATS.md "Portfolio-margin proofs").
 */
import { utf8 } from './bytes.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`${path}: ${String(value)} has no JSON form`);
      return JSON.stringify(value);
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new Error(`${path}: the text holds a lone UTF-16 surrogate`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value
          .map((v, i) => {
            if (v === undefined) throw new Error(`${path}[${i}]: undefined has no JSON form`);
            return write(v, `${path}[${i}]`);
          })
          .join(',')}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${write(k, path)}:${write(v, `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new Error(`${path}: a ${typeof value} has no JSON form`);
  }
}

/** The RFC 8785 canonical JSON text of `value`. */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

/** UTF-8 bytes of the canonical JSON text. */
export function canonicalBytes(value: unknown): Uint8Array<ArrayBuffer> {
  return utf8(canonicalJson(value));
}
