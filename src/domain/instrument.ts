/**
 * Instruments: contract terms only (no holdings, no market data).
 *
 * Naming follows Deribit exactly (METHODOLOGY.md §1, docs/FORMATS.md):
 * - `BTC-27DEC24-60000-C`        inverse (coin-settled) European option, 1 coin per contract, premium in coin
 * - `BTC-27DEC24`                inverse future, USD 10 (ETH: USD 1) per contract, price in USD
 * - `BTC-PERPETUAL`              inverse perpetual
 * - `SOL_USDC-27DEC24-200-C`     linear (USDC-settled) option, premium in USDC per coin
 * - `BTC_USDC-PERPETUAL`, `SOL_USDC-27DEC24`  linear perpetual / future
 * - `BTC`, `BTC_USDC`            spot holding of the coin
 * - `USDC`, `USD`, `USDT`        cash
 *
 * The day of month has no leading zero (`5JAN24`), strikes may use `d` as the decimal point (`0d625`), and names
 * are parsed case-insensitively (some vendors upper-case them: `8D6`). Expiry is 08:00 UTC on the named date.
 */

/** Coin-settled (premium and P&L in the underlying coin) or linear (USDC). */
export type Settlement = 'inverse' | 'linear';

/** Report `kind` values (PRODUCT.md). */
export type InstrumentKind = 'option' | 'future' | 'perpetual' | 'spot' | 'cash';

export type PutCall = 'call' | 'put';

/** Currency codes treated as cash (value = amount in USD, no risk). */
export const CASH_CURRENCIES = ['USDC', 'USD', 'USDT'] as const;
export type CashCurrency = (typeof CASH_CURRENCIES)[number];

interface InstrumentBase {
  /** Canonical Deribit name (upper case, lower-case `d` as the strike's decimal point). */
  readonly name: string;
  /** Underlying coin code, e.g. `BTC`; for cash the currency itself. */
  readonly underlying: string;
}

export interface OptionInstrument extends InstrumentBase {
  readonly kind: 'option';
  readonly settlement: Settlement;
  /** Expiry instant, epoch milliseconds (08:00 UTC on the named date). */
  readonly expiryMs: number;
  /** Strike in USD (USDC) per coin. */
  readonly strike: number;
  readonly putCall: PutCall;
}

export interface FutureInstrument extends InstrumentBase {
  readonly kind: 'future';
  readonly settlement: Settlement;
  /** Expiry instant, epoch milliseconds (08:00 UTC). */
  readonly expiryMs: number;
}

export interface PerpetualInstrument extends InstrumentBase {
  readonly kind: 'perpetual';
  readonly settlement: Settlement;
}

export interface SpotInstrument extends InstrumentBase {
  readonly kind: 'spot';
  readonly settlement: 'linear';
}

export interface CashInstrument extends InstrumentBase {
  readonly kind: 'cash';
  readonly settlement: 'linear';
  readonly underlying: CashCurrency;
}

export type Instrument = OptionInstrument | FutureInstrument | PerpetualInstrument | SpotInstrument | CashInstrument;

/** Instruments that carry an expiry. */
export type DatedInstrument = OptionInstrument | FutureInstrument;

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const EXPIRY_HOUR_UTC = 8;

/** Contract multipliers of Deribit linear (USDC) options, coins per contract (METHODOLOGY.md §1). */
export const LINEAR_OPTION_MULTIPLIER: Readonly<Record<string, number>> = { SOL: 10, XRP: 1000 };

/** USD notional per contract of Deribit inverse futures and perpetuals. */
export const INVERSE_FUTURE_CONTRACT_USD: Readonly<Record<string, number>> = { BTC: 10, ETH: 1 };

/**
 * Parse a Deribit date code such as `27DEC24` or `5JAN24` to the expiry instant (08:00 UTC).
 * @returns epoch ms, or an error naming what is wrong (leading zero, month, impossible date).
 */
export function parseExpiryCode(code: string): ParseResult<number> {
  const m = /^(\d{1,2})([A-Z]{3})(\d{2})$/.exec(code.toUpperCase());
  if (!m) return { ok: false, error: `expiry "${code}" is not of the form DMMMYY (e.g. 5JAN24, 27DEC24)` };
  const [, dayText, monText, yearText] = m as unknown as [string, string, string, string];
  if (dayText.length === 2 && dayText.startsWith('0')) {
    return { ok: false, error: `expiry "${code}": the day has a leading zero (Deribit writes ${Number(dayText)}${monText}${yearText})` };
  }
  const month = MONTHS.indexOf(monText as (typeof MONTHS)[number]);
  if (month < 0) return { ok: false, error: `expiry "${code}": unknown month "${monText}"` };
  const day = Number(dayText);
  const year = 2000 + Number(yearText);
  const ms = Date.UTC(year, month, day, EXPIRY_HOUR_UTC);
  const d = new Date(ms);
  if (day < 1 || d.getUTCDate() !== day || d.getUTCMonth() !== month) {
    return { ok: false, error: `expiry "${code}": ${monText} ${year} has no day ${day}` };
  }
  return { ok: true, value: ms };
}

/** Format an expiry instant back to Deribit's date code (`5JAN24`). */
export function formatExpiryCode(expiryMs: number): string {
  const d = new Date(expiryMs);
  const month = MONTHS[d.getUTCMonth()] ?? 'JAN';
  return `${d.getUTCDate()}${month}${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
}

/** Parse a strike such as `60000`, `0d625`, `8D6` or `1.5` to a positive number. */
export function parseStrike(text: string): ParseResult<number> {
  if (!/^\d+([dD.]\d+)?$/.test(text))
    return { ok: false, error: `strike "${text}" is not a positive number (use d as the decimal point, e.g. 0d625)` };
  const value = Number(text.replace(/[dD]/, '.'));
  if (!(value > 0) || !Number.isFinite(value)) return { ok: false, error: `strike "${text}" must be positive` };
  return { ok: true, value };
}

/** Deribit's strike spelling: `d` for the decimal point, no trailing zeros. */
export function formatStrike(strike: number): string {
  return String(strike).replace('.', 'd');
}

const COIN = /^[A-Z][A-Z0-9]{1,9}$/;

/**
 * Parse an instrument name (case-insensitive) into its contract terms.
 * @returns the instrument, or an error that says exactly which part is wrong.
 * @example parseInstrument('BTC-5JAN24-43000-C') // inverse call, strike 43000, expiry 2024-01-05T08:00Z
 */
export function parseInstrument(rawName: string): ParseResult<Instrument> {
  const name = rawName.trim().toUpperCase();
  if (name === '') return { ok: false, error: 'instrument name is empty' };
  if ((CASH_CURRENCIES as readonly string[]).includes(name)) {
    return { ok: true, value: { kind: 'cash', name, underlying: name as CashCurrency, settlement: 'linear' } };
  }
  const parts = name.split('-');
  const head = parts[0] ?? '';
  let coin = head;
  let settlement: Settlement = 'inverse';
  if (head.includes('_')) {
    const [base, quote, ...rest] = head.split('_');
    if (rest.length > 0 || quote !== 'USDC') {
      return { ok: false, error: `"${rawName}": only _USDC linear products are supported (got "${head}")` };
    }
    coin = base ?? '';
    settlement = 'linear';
  }
  if (!COIN.test(coin)) return { ok: false, error: `"${rawName}": "${coin}" is not a currency code` };
  if ((CASH_CURRENCIES as readonly string[]).includes(coin)) {
    return { ok: false, error: `"${rawName}": ${coin} is cash, not an underlying` };
  }

  if (parts.length === 1) {
    return {
      ok: true,
      value: { kind: 'spot', name: settlement === 'linear' ? `${coin}_USDC` : coin, underlying: coin, settlement: 'linear' },
    };
  }
  if (parts.length === 2) {
    const tail = parts[1] ?? '';
    if (tail === 'PERPETUAL') return { ok: true, value: { kind: 'perpetual', name, underlying: coin, settlement } };
    const expiry = parseExpiryCode(tail);
    if (!expiry.ok) return { ok: false, error: `"${rawName}": ${expiry.error}` };
    return { ok: true, value: { kind: 'future', name, underlying: coin, settlement, expiryMs: expiry.value } };
  }
  if (parts.length === 4) {
    const [, expiryText = '', strikeText = '', typeText = ''] = parts;
    const expiry = parseExpiryCode(expiryText);
    if (!expiry.ok) return { ok: false, error: `"${rawName}": ${expiry.error}` };
    const strike = parseStrike(strikeText);
    if (!strike.ok) return { ok: false, error: `"${rawName}": ${strike.error}` };
    if (typeText !== 'C' && typeText !== 'P') return { ok: false, error: `"${rawName}": option type must be C or P (got "${typeText}")` };
    const canonical = `${head}-${expiryText}-${strikeText.replace('D', 'd')}-${typeText}`;
    return {
      ok: true,
      value: {
        kind: 'option',
        name: canonical,
        underlying: coin,
        settlement,
        expiryMs: expiry.value,
        strike: strike.value,
        putCall: typeText === 'C' ? 'call' : 'put',
      },
    };
  }
  return {
    ok: false,
    error: `"${rawName}" is not a Deribit instrument name (expected e.g. BTC-27DEC24-60000-C, BTC-27DEC24, BTC-PERPETUAL, SOL_USDC-27DEC24-200-C, BTC_USDC-PERPETUAL, BTC or USDC)`,
  };
}
