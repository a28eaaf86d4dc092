/**
 * Number formatting for the desk: fixed decimals per unit, thousands separators, a true minus sign (U+2212, same
 * width as "+" in tabular figures) and an em dash for "no value". All functions are pure and locale-fixed (en-US)
 * so screenshots, tests and traders see the same digits.
 */

export const MINUS = '\u2212';
export const NO_VALUE = '\u2014';

const cache = new Map<string, Intl.NumberFormat>();

function nf(minDigits: number, maxDigits: number): Intl.NumberFormat {
  const key = `${minDigits}:${maxDigits}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits, useGrouping: true });
    cache.set(key, f);
  }
  return f;
}

function isNumber(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Plain number with `digits` decimals; "−" for negatives; em dash for null/NaN. `-0` prints as `0`. */
export function formatNumber(x: number | null | undefined, digits = 2, opts: { signed?: boolean } = {}): string {
  if (!isNumber(x)) return NO_VALUE;
  const body = nf(digits, digits).format(Math.abs(x));
  // Rounding can turn a tiny negative into "0.00": no sign then, a "−0.00" reads as a real short.
  const isZero = Number(body.replace(/,/g, '')) === 0;
  if (isZero) return body;
  if (x < 0) return MINUS + body;
  return opts.signed ? `+${body}` : body;
}

/** USD amount, no currency symbol (the unit is in the column header): 0 decimals from 1,000 up, else 2. */
export function formatUsd(x: number | null | undefined, opts: { signed?: boolean; digits?: number } = {}): string {
  if (!isNumber(x)) return NO_VALUE;
  const digits = opts.digits ?? (Math.abs(x) >= 1000 ? 0 : 2);
  return formatNumber(x, digits, opts);
}

/** USD with a `$` prefix, for cards where the unit is not in a header. */
export function formatUsdWithSymbol(x: number | null | undefined, opts: { signed?: boolean; digits?: number } = {}): string {
  const text = formatUsd(x, opts);
  if (text === NO_VALUE) return text;
  if (text.startsWith(MINUS)) return `${MINUS}$${text.slice(1)}`;
  if (text.startsWith('+')) return `+$${text.slice(1)}`;
  return `$${text}`;
}

/** Coin quantities (delta, positions): 4 decimals. */
export function formatCoin(x: number | null | undefined, opts: { signed?: boolean } = {}): string {
  return formatNumber(x, 4, opts);
}

/**
 * Small numbers with a fixed count of significant digits (gamma per USD is ~1e-5): plain decimals while readable,
 * scientific notation below `expBelow` (1e-6 by default; narrow grid columns use 1e-4).
 */
export function formatSignificant(x: number | null | undefined, significant = 3, expBelow = 1e-6): string {
  if (!isNumber(x)) return NO_VALUE;
  if (x === 0) return '0';
  const abs = Math.abs(x);
  const sign = x < 0 ? MINUS : '';
  if (abs < expBelow || abs >= 1e9) {
    const [mantissa = '', exponent = ''] = abs.toExponential(significant - 1).split('e');
    return `${sign}${mantissa}e${exponent.replace('-', MINUS).replace('+', '')}`;
  }
  const digits = Math.max(0, significant - 1 - Math.floor(Math.log10(abs)));
  return sign + nf(digits, digits).format(abs);
}

/** A decimal as a percentage: 0.4512 → "45.12". The `%` sign belongs to the header or caller. */
export function formatPercent(x: number | null | undefined, digits = 2): string {
  if (!isNumber(x)) return NO_VALUE;
  return formatNumber(x * 100, digits);
}

/** Price in the instrument's quote currency: coin marks (< 10) get 4 decimals, USD prices 2 (0 from 10,000 up). */
export function formatPrice(x: number | null | undefined): string {
  if (!isNumber(x)) return NO_VALUE;
  const abs = Math.abs(x);
  if (abs < 10) return formatNumber(x, 4);
  return formatNumber(x, abs >= 10_000 ? 0 : 2);
}

/** ISO instant → "2026-08-22 08:00 UTC" (the desk works in UTC, like Deribit's expiries). */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return NO_VALUE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** Bytes as "12.3 MB" for size messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Parse a user-typed number: accepts "−" (U+2212), thousands commas and spaces; null when not a finite number. */
export function parseUserNumber(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/\u2212/g, '-')
    .replace(/[,\s_]/g, '');
  if (cleaned === '' || cleaned === '-' || cleaned === '+' || cleaned === '.') return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}
