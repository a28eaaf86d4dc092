/**
 * Deribit `public/get_book_summary_by_currency` response → market snapshot.
 *
 * Accepts the JSON-RPC envelope `{ "result": [ … ] }` or a bare array of entries. Rules (all prices USD per coin
 * unless named; vols decimals):
 * - valuation time: the latest `creation_timestamp`;
 * - underlying: `base_currency` (the coin of the instrument name when absent);
 * - index: median `estimated_delivery_price` of the underlying's entries (the live market passes the index feed's
 *   value instead);
 * - expiry: from the instrument name (08:00 UTC);
 * - forward per option expiry: the median `underlying_price` when `underlying_index` names a future or a `SYN.`
 *   synthetic; otherwise (`"index_price"`, where Deribit reports the spot index although the marks are built on a
 *   forward) put-call parity on the call/put pair nearest the money with both marks: inverse options (coin marks)
 *   C − P = (F − K)/F, so F = K / (1 − (C − P)); linear options (USD marks) F = K + (C − P);
 * - smile per expiry: per strike the out-of-the-money side's `mark_iv`/100 (call when K ≥ F, put when K < F, the
 *   other side when only one has a positive `mark_iv`);
 * - futures (`BTC-26JUN26`) give quoted forwards for expiries without options (`mark_price`, USD); the perpetual
 *   (`BTC-PERPETUAL`) gives `perpetual` (and `fundingRate` = `funding_8h` × 3 × 365 when present); without one the
 *   perpetual defaults to the index and the field is omitted;
 * - halfSpreads: (ask − bid)/2 per instrument where both are positive, in the quote currency (coin for inverse
 *   options, USD for futures and linear instruments).
 * When an underlying has both inverse and linear (USDC) options, the smiles come from the inverse ones.
 *
 * `readBookSummaryEntries` + `buildBookSummarySnapshot` are the two halves of `importDeribitBookSummary`; the live
 * market (src/live) uses them directly so both paths build snapshots with one piece of code.
 *
 * Pure TypeScript: no DOM, no Node APIs.
 */

import type { Instrument, OptionInstrument } from '../domain/instrument.ts';
import { parseInstrument } from '../domain/instrument.ts';
import type { ForwardQuote, MarketSnapshot, Smile, UnderlyingMarket } from '../domain/market.ts';
import { cleanNumber, describeValue, halfSpread, isoFromMs, median, otmSmilePoints, parseMarketSnapshot } from './marketSnapshot.ts';

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * One usable book-summary entry: the fields the snapshot builder reads. The live market keeps one per instrument and
 * updates its marks from the stream, then builds snapshots with the same {@link buildBookSummarySnapshot}.
 */
export interface BookSummaryEntry {
  /** Where the entry came from, for messages (`result[3] BTC-…`). */
  readonly path: string;
  readonly inst: Instrument;
  readonly underlying: string;
  readonly mark?: number;
  /** mark_iv as a decimal, only when > 0. */
  readonly iv?: number;
  readonly bid?: number;
  readonly ask?: number;
  readonly underlyingPrice?: number;
  readonly underlyingIndex?: string;
  readonly deliveryPrice?: number;
  readonly timestamp?: number;
  readonly interestRate?: number;
  readonly funding8h?: number;
}

type Entry = BookSummaryEntry;

/** Groups "skipped" reasons so a thousand bad rows give one warning line each. */
export class SkipLog {
  private readonly byReason = new Map<string, string[]>();

  add(reason: string, where: string): void {
    const list = this.byReason.get(reason);
    if (list) list.push(where);
    else this.byReason.set(reason, [where]);
  }

  lines(): string[] {
    return [...this.byReason].map(([reason, where]) => {
      const shown = where.slice(0, 5).join(', ');
      const more = where.length > 5 ? ` and ${where.length - 5} more` : '';
      return `${where.length} ${where.length === 1 ? 'entry' : 'entries'} skipped (${reason}): ${shown}${more}`;
    });
  }
}

/**
 * Read book-summary rows (`result[]` of `public/get_book_summary_by_currency`) into entries; rows that cannot be
 * used are added to `skips` with their reason.
 * @param pathPrefix names the list in messages (`result`, or `BTC option result` for the live bootstrap)
 */
export function readBookSummaryEntries(list: readonly unknown[], skips: SkipLog, pathPrefix = 'result'): BookSummaryEntry[] {
  const entries: Entry[] = [];
  list.forEach((raw, i) => {
    const path = `${pathPrefix}[${i}]`;
    if (!isObject(raw) || typeof raw.instrument_name !== 'string') {
      skips.add('not an object with an instrument_name', path);
      return;
    }
    const name = raw.instrument_name;
    const parsed = parseInstrument(name);
    if (!parsed.ok) {
      skips.add('instrument name not understood', `${path} ${name}`);
      return;
    }
    const inst = parsed.value;
    if (inst.kind === 'spot' || inst.kind === 'cash') {
      skips.add('spot instruments carry no derivatives market data', `${path} ${name}`);
      return;
    }
    const base =
      typeof raw.base_currency === 'string' && raw.base_currency.trim() !== '' ? raw.base_currency.trim().toUpperCase() : inst.underlying;
    const markIv = num(raw.mark_iv);
    const entry: Entry = {
      path: `${path} ${inst.name}`,
      inst,
      underlying: base,
      mark: num(raw.mark_price),
      iv: markIv !== undefined && markIv > 0 ? markIv / 100 : undefined,
      bid: num(raw.bid_price),
      ask: num(raw.ask_price),
      underlyingPrice: num(raw.underlying_price),
      underlyingIndex: typeof raw.underlying_index === 'string' ? raw.underlying_index : undefined,
      deliveryPrice: num(raw.estimated_delivery_price),
      timestamp: num(raw.creation_timestamp),
      interestRate: num(raw.interest_rate),
      funding8h: num(raw.funding_8h),
    };
    entries.push(entry);
  });
  return entries;
}

/** How one option expiry's forward was obtained. */
export interface ForwardDerivation {
  readonly expiry: string;
  /** USD per coin. */
  readonly forward: number;
  readonly method: 'underlying-price' | 'put-call-parity' | 'fallback-underlying-price';
  /** Strike of the call/put pair used for parity (USD per coin). */
  readonly parityStrike?: number;
}

/** Put-call parity forward from the pair nearest `reference`; undefined when no pair has both marks. */
function parityForward(
  options: readonly (Entry & { inst: OptionInstrument })[],
  reference: number,
  inverse: boolean,
): { forward: number; strike: number } | undefined {
  const pairs = new Map<number, { call?: number; put?: number }>();
  for (const e of options) {
    if (e.mark === undefined || e.mark < 0) continue;
    const p = pairs.get(e.inst.strike) ?? {};
    if (e.inst.putCall === 'call') p.call = e.mark;
    else p.put = e.mark;
    pairs.set(e.inst.strike, p);
  }
  const candidates = [...pairs]
    .filter(([, p]) => p.call !== undefined && p.put !== undefined)
    .sort(([a], [b]) => Math.abs(a - reference) - Math.abs(b - reference) || a - b);
  for (const [strike, p] of candidates) {
    const diff = (p.call as number) - (p.put as number);
    const forward = inverse ? strike / (1 - diff) : strike + diff;
    if (Number.isFinite(forward) && forward > 0) return { forward, strike };
  }
  return undefined;
}

interface BuiltUnderlying {
  readonly market: UnderlyingMarket;
  readonly derivations: ForwardDerivation[];
}

function buildUnderlying(
  code: string,
  entries: readonly Entry[],
  valuationMs: number,
  warnings: string[],
  indexOverride: number | undefined,
): BuiltUnderlying | undefined {
  const index =
    indexOverride !== undefined && indexOverride > 0 && Number.isFinite(indexOverride)
      ? indexOverride
      : median(entries.map((e) => e.deliveryPrice ?? Number.NaN).filter((v) => v > 0));
  if (!(index > 0)) {
    warnings.push(`${code}: no entry has a positive estimated_delivery_price (the index), so ${code} was left out`);
    return undefined;
  }

  // Options: prefer the inverse (coin-settled) chain when both exist.
  const allOptions = entries.filter((e): e is Entry & { inst: OptionInstrument } => e.inst.kind === 'option');
  const inverse = allOptions.filter((e) => e.inst.settlement === 'inverse');
  const options = inverse.length > 0 ? inverse : allOptions;
  if (inverse.length > 0 && inverse.length < allOptions.length) {
    warnings.push(`${code}: ${allOptions.length - inverse.length} linear (USDC) options not used for the smiles (the inverse chain is)`);
  }
  const isInverse = inverse.length > 0;

  const byExpiry = new Map<number, (Entry & { inst: OptionInstrument })[]>();
  let expiredCount = 0;
  for (const e of options) {
    if (e.inst.expiryMs <= valuationMs) {
      expiredCount += 1;
      continue;
    }
    const list = byExpiry.get(e.inst.expiryMs);
    if (list) list.push(e);
    else byExpiry.set(e.inst.expiryMs, [e]);
  }
  if (expiredCount > 0) warnings.push(`${code}: ${expiredCount} options expired at or before the valuation time were left out`);

  const forwards = new Map<number, number>();
  const smiles: Smile[] = [];
  const derivations: ForwardDerivation[] = [];
  for (const [expiryMs, list] of [...byExpiry].sort(([a], [b]) => a - b)) {
    const expiry = isoFromMs(expiryMs);
    const named = list.filter(
      (e) => e.underlyingIndex !== undefined && e.underlyingIndex !== 'index_price' && (e.underlyingPrice ?? 0) > 0,
    );
    const reference = median(list.map((e) => e.underlyingPrice ?? Number.NaN).filter((v) => v > 0));
    let forward: number;
    if (named.length > 0) {
      forward = cleanNumber(median(named.map((e) => e.underlyingPrice as number)));
      derivations.push({ expiry, forward, method: 'underlying-price' });
    } else {
      const parity = parityForward(list, reference > 0 ? reference : index, isInverse);
      if (parity) {
        forward = cleanNumber(parity.forward);
        derivations.push({ expiry, forward, method: 'put-call-parity', parityStrike: parity.strike });
      } else if (reference > 0) {
        forward = cleanNumber(reference);
        derivations.push({ expiry, forward, method: 'fallback-underlying-price' });
        warnings.push(
          `${code} ${expiry}: no call/put pair with both marks for put-call parity; the forward is underlying_price ${reference} (for "index_price" expiries this is the spot index, not the forward the marks use)`,
        );
      } else {
        warnings.push(`${code} ${expiry}: no forward could be derived (no underlying_price, no call/put pair): expiry left out`);
        continue;
      }
    }
    forwards.set(expiryMs, forward);

    const vols = new Map<number, { call?: number; put?: number }>();
    let noIv = 0;
    for (const e of list) {
      if (e.iv === undefined) {
        noIv += 1;
        continue;
      }
      const v = vols.get(e.inst.strike) ?? {};
      if (e.inst.putCall === 'call') v.call = e.iv;
      else v.put = e.iv;
      vols.set(e.inst.strike, v);
    }
    const points = otmSmilePoints(vols, forward);
    if (noIv > 0 && points.length === 0) warnings.push(`${code} ${expiry}: no option has a positive mark_iv: no smile`);
    if (points.length > 0) smiles.push({ expiry, points });
  }

  // Futures: quoted forwards for expiries without options (inverse preferred over linear).
  const futures = entries
    .filter((e) => e.inst.kind === 'future' && e.mark !== undefined && e.mark > 0)
    .sort((a, b) => (a.inst.settlement === b.inst.settlement ? 0 : a.inst.settlement === 'inverse' ? -1 : 1));
  for (const f of futures) {
    const ms = (f.inst as { expiryMs: number }).expiryMs;
    if (ms <= valuationMs || forwards.has(ms)) continue;
    forwards.set(ms, f.mark as number);
  }

  const perp = entries
    .filter((e) => e.inst.kind === 'perpetual' && e.mark !== undefined && e.mark > 0)
    .sort((a, b) => (a.inst.settlement === b.inst.settlement ? 0 : a.inst.settlement === 'inverse' ? -1 : 1))[0];

  const rates = options.map((e) => e.interestRate ?? Number.NaN).filter((v) => Number.isFinite(v));
  const rate = rates.length > 0 ? median(rates) : undefined;

  const halfSpreads: Record<string, number> = {};
  for (const e of entries) {
    const hs = halfSpread(e.bid, e.ask);
    if (hs !== undefined) halfSpreads[e.inst.name] = hs;
  }

  const forwardList: ForwardQuote[] = [...forwards].sort(([a], [b]) => a - b).map(([ms, price]) => ({ expiry: isoFromMs(ms), price }));
  const market: UnderlyingMarket = {
    index: cleanNumber(index),
    ...(perp ? { perpetual: perp.mark as number } : {}),
    ...(rate === undefined ? {} : { rate }),
    ...(perp?.funding8h === undefined ? {} : { fundingRate: cleanNumber(perp.funding8h * 3 * 365) }),
    forwards: forwardList,
    smiles,
    ...(Object.keys(halfSpreads).length > 0 ? { halfSpreads } : {}),
  };
  return { market, derivations };
}

/** The book summary importer's result, with how each option expiry's forward was derived. */
export type BookSummaryImportResult =
  | { ok: true; snapshot: MarketSnapshot; warnings: string[]; forwardDerivations: Record<string, ForwardDerivation[]> }
  | { ok: false; error: string };

/**
 * Convert a Deribit `public/get_book_summary_by_currency` response (JSON-RPC envelope or bare array; options,
 * futures and perpetuals, any mix of currencies) into a market snapshot. Never throws.
 * @param value the parsed JSON
 * @returns the snapshot with warnings (skipped entries, fallbacks), or an error naming what is missing;
 *   `forwardDerivations` (per underlying) records how each option expiry's forward was obtained.
 */
export function importDeribitBookSummary(value: unknown): BookSummaryImportResult {
  try {
    let list: readonly unknown[];
    if (Array.isArray(value)) list = value;
    else if (isObject(value) && Array.isArray(value.result)) list = value.result;
    else if (isObject(value) && isObject(value.error)) {
      const err = value.error;
      return { ok: false, error: `the Deribit response is an error: ${describeValue(err.message)} (code ${describeValue(err.code)})` };
    } else {
      return {
        ok: false,
        error: `not a Deribit get_book_summary_by_currency response: expected {"result": [...]} or an array (got ${describeValue(value)})`,
      };
    }
    if (list.length === 0) return { ok: false, error: 'the book summary has no entries' };

    const skips = new SkipLog();
    const entries = readBookSummaryEntries(list, skips);
    return buildBookSummarySnapshot(entries, { skipped: skips.lines() });
  } catch (e) {
    return { ok: false, error: `unexpected error while reading the book summary: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Options of {@link buildBookSummarySnapshot}. */
export interface BookSummaryBuildOptions {
  /** "skipped" warning lines from reading the rows (shown first). */
  readonly skipped?: readonly string[];
  /** Index per underlying (USD per coin) replacing the median `estimated_delivery_price` (live: the index feed). */
  readonly indexByUnderlying?: Readonly<Record<string, number>>;
  /** Valuation instant (epoch ms); default the latest `creation_timestamp` of the entries. */
  readonly valuationMs?: number;
  /** Text of the snapshot's `source`, given the valuation time and the per-underlying counts. */
  readonly source?: (valuationTime: string, counts: string) => string;
}

/**
 * Build a market snapshot from book-summary entries (the rules of the module header). The file importer and the
 * live market both call this, so a market built from the live API and one built from the same responses saved to a
 * file are the same snapshot. Never throws for entries from {@link readBookSummaryEntries}.
 */
export function buildBookSummarySnapshot(
  entries: readonly BookSummaryEntry[],
  options: BookSummaryBuildOptions = {},
): BookSummaryImportResult {
  const skippedLines = options.skipped ?? [];
  if (entries.length === 0) {
    return { ok: false, error: `no usable entries in the book summary${skippedLines.length > 0 ? `; ${skippedLines.join('; ')}` : ''}` };
  }
  let valuationMs = options.valuationMs;
  if (valuationMs === undefined) {
    let latest = Number.NEGATIVE_INFINITY;
    for (const e of entries) if (e.timestamp !== undefined && e.timestamp > 0 && e.timestamp > latest) latest = e.timestamp;
    if (!Number.isFinite(latest)) return { ok: false, error: 'no entry has a creation_timestamp, so the valuation time is unknown' };
    valuationMs = latest;
  }
  const valuationTime = isoFromMs(valuationMs);

  const warnings: string[] = [...skippedLines];
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    if (e.underlying !== e.inst.underlying) {
      warnings.push(`${e.path}: base_currency ${e.underlying} differs from the name's ${e.inst.underlying}; filed under ${e.underlying}`);
    }
    const g = groups.get(e.underlying);
    if (g) g.push(e);
    else groups.set(e.underlying, [e]);
  }

  const underlyings: Record<string, UnderlyingMarket> = {};
  const forwardDerivations: Record<string, ForwardDerivation[]> = {};
  const counts: string[] = [];
  for (const code of [...groups.keys()].sort()) {
    const group = groups.get(code) ?? [];
    const built = buildUnderlying(code, group, valuationMs, warnings, options.indexByUnderlying?.[code]);
    if (!built) continue;
    underlyings[code] = built.market;
    forwardDerivations[code] = built.derivations;
    const kinds = ['option', 'future', 'perpetual']
      .map((k) => [k, group.filter((e) => e.inst.kind === k).length] as const)
      .filter(([, n]) => n > 0);
    counts.push(`${code} ${kinds.map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`).join(', ')}`);
  }
  if (Object.keys(underlyings).length === 0) return { ok: false, error: `no underlying could be built: ${warnings.join('; ')}` };

  const source = options.source
    ? options.source(valuationTime, counts.join('; '))
    : `Deribit public/get_book_summary_by_currency at ${valuationTime} (${counts.join('; ')})`;
  const snapshotValue = { schemaVersion: 1, valuationTime, source, underlyings };
  const checked = parseMarketSnapshot(snapshotValue);
  if (!checked.ok) return { ok: false, error: `the book summary gives an invalid snapshot: ${checked.error}` };
  return { ok: true, snapshot: checked.snapshot, warnings: [...warnings, ...checked.warnings], forwardDerivations };
}
