/**
 * Market snapshot JSON (PRODUCT.md "Market snapshot JSON"): validation, normalisation and deterministic output.
 *
 * Units: prices (index, perpetual, forwards, strikes) in USD per coin; implied vols as annualised decimals
 * (0.45 = 45 vol points); half-spreads in the instrument's quote currency (coin for inverse options, USD otherwise).
 *
 * Also holds the small building blocks the importers share (median, OTM smile selection, ISO instants), so the
 * Deribit book-summary importer and the chain-CSV reader build snapshots the same way.
 *
 * Pure TypeScript: no DOM, no Node APIs.
 */

import type { ForwardQuote, MarketSnapshot, SettlementPrice, Smile, SmilePoint, UnderlyingMarket } from '../domain/market.ts';

/** Result of reading a market snapshot (or building one from exchange data). */
export type MarketParseResult = { ok: true; snapshot: MarketSnapshot; warnings: string[] } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------------------------------------------

/** Median of finite numbers (mean of the two middle values for an even count); NaN for an empty list. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const hi = sorted[Math.floor(n / 2)] as number;
  if (n % 2 === 1) return hi;
  const lo = sorted[n / 2 - 1] as number;
  return (lo + hi) / 2;
}

/**
 * Remove binary floating-point noise (0.41619999999999996 → 0.4162) by rounding to 12 significant digits.
 * Far below any quoted precision (Deribit: 0.01 USD, 0.0001 vol), so no information is lost.
 */
export function cleanNumber(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(12)) : x;
}

/** Per-strike implied vols of one expiry: the call's and/or the put's (decimals, > 0). */
export interface StrikeVols {
  readonly call?: number;
  readonly put?: number;
}

/**
 * Smile points from per-strike call/put vols, taking the out-of-the-money side: the call when K ≥ F, the put
 * when K < F, the other side when only one is present. Points come back sorted by strike.
 * @param byStrike strike (USD per coin) → vols (decimals; callers drop non-positive vols beforehand)
 * @param forward the expiry's forward F (USD per coin)
 */
export function otmSmilePoints(byStrike: ReadonlyMap<number, StrikeVols>, forward: number): SmilePoint[] {
  const points: SmilePoint[] = [];
  for (const [strike, vols] of byStrike) {
    const otm = strike >= forward ? vols.call : vols.put;
    const other = strike >= forward ? vols.put : vols.call;
    const iv = otm ?? other;
    if (iv !== undefined && iv > 0 && Number.isFinite(iv)) points.push({ strike, iv: cleanNumber(iv) });
  }
  return points.sort((a, b) => a.strike - b.strike);
}

/** Bid-ask half-spread (ask − bid)/2 when both sides are positive and not crossed; undefined otherwise. */
export function halfSpread(bid: number | null | undefined, ask: number | null | undefined): number | undefined {
  if (typeof bid !== 'number' || typeof ask !== 'number') return undefined;
  if (!(bid > 0) || !(ask > 0) || !Number.isFinite(bid) || !Number.isFinite(ask) || ask < bid) return undefined;
  // Round at the prices' own precision first: (3001.55 − 3001.45)/2 is 0.0500000000002 in binary floating point.
  const decimals = Math.min(15, Math.max(0, 11 - Math.floor(Math.log10(ask))));
  return cleanNumber(Number(((ask - bid) / 2).toFixed(decimals)));
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const ISO_DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of a valid calendar date and time, or null (rejects 2026-02-30, 25:00 …). */
function utcInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(t);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return t;
}

/**
 * Parse an ISO-8601 date-time with an explicit zone (`Z` or `±hh:mm`), e.g. `2026-08-22T03:50:45.199229+00:00`.
 * Fractions beyond milliseconds are truncated. Times without a zone are rejected (they would depend on the
 * machine's time zone).
 * @returns epoch milliseconds, or null when the text is not such a date-time.
 */
export function parseIsoInstant(text: string): number | null {
  const m = ISO_DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m;
  const ms = Number((frac + '000').slice(0, 3));
  const t = utcInstant(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms);
  if (t === null) return null;
  if (zone.toUpperCase() === 'Z') return t;
  const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!zm) return null;
  const [, sign, zh = '0', zmin = '0'] = zm;
  if (Number(zh) > 23 || Number(zmin) > 59) return null;
  const offset = (Number(zh) * 60 + Number(zmin)) * 60_000;
  return sign === '+' ? t - offset : t + offset;
}

/** Canonical ISO text of an epoch-ms instant (`2026-09-25T08:00:00.000Z`). */
export function isoFromMs(ms: number): string {
  return new Date(ms).toISOString();
}

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

class SnapshotError extends Error {}

const EXPIRY_HOUR_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const COIN_CODE = /^[A-Z][A-Z0-9]{1,9}$/;

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Short rendering of a bad value for error messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && v !== null) return 'an object';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

function keyPath(parent: string, key: string): string {
  const seg = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return parent === '' ? seg.replace(/^\./, '') : `${parent}${seg}`;
}

/** Collects warnings; unknown fields are counted per generic path so that 1,000 points give one line. */
class Warnings {
  readonly list: string[] = [];
  private readonly unknown = new Map<string, { first: string; count: number }>();

  add(message: string): void {
    this.list.push(message);
  }

  unknownFields(obj: Obj, path: string, known: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const specific = keyPath(path, key);
      const generic = specific.replace(/\[\d+\]/g, '[*]');
      const entry = this.unknown.get(generic);
      if (entry) entry.count += 1;
      else this.unknown.set(generic, { first: specific, count: 1 });
    }
  }

  finish(): string[] {
    const out = [...this.list];
    for (const [generic, { first, count }] of this.unknown) {
      out.push(count === 1 ? `unknown field ${first} ignored` : `unknown field ${generic} ignored (${count} times)`);
    }
    return out;
  }
}

function requirePositive(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new SnapshotError(`${path} must be a positive number (got ${describeValue(v)})`);
  }
  return v;
}

function optionalFinite(v: unknown, path: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SnapshotError(`${path} must be a finite number (got ${describeValue(v)})`);
  return v;
}

function requireArray(v: unknown, path: string): readonly unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new SnapshotError(`${path} must be an array (got ${describeValue(v)})`);
  return v;
}

function requireObject(v: unknown, path: string): Obj {
  if (!isObject(v)) throw new SnapshotError(`${path} must be an object (got ${describeValue(v)})`);
  return v;
}

/** Expiry text → epoch ms. A bare date (`2026-09-25`) is taken as 08:00 UTC, Deribit's expiry time, with a warning. */
function parseExpiry(v: unknown, path: string, w: Warnings): number {
  if (typeof v !== 'string') throw new SnapshotError(`${path} must be an ISO-8601 string (got ${describeValue(v)})`);
  const dateOnly = ISO_DATE_ONLY.exec(v.trim());
  if (dateOnly) {
    const [, y, mo, d] = dateOnly;
    const t = utcInstant(Number(y), Number(mo), Number(d), 8, 0, 0, 0);
    if (t === null) throw new SnapshotError(`${path} "${v}" is not a valid date`);
    w.add(`${path} "${v}" has no time: taken as ${isoFromMs(t)} (Deribit expiries are at 08:00 UTC)`);
    return t;
  }
  const t = parseIsoInstant(v);
  if (t === null) {
    throw new SnapshotError(`${path} "${v}" is not an ISO-8601 date-time with a time zone (e.g. 2026-09-25T08:00:00Z)`);
  }
  if (((t % DAY_MS) + DAY_MS) % DAY_MS !== EXPIRY_HOUR_MS) {
    w.add(`${path} ${isoFromMs(t)} is not at 08:00 UTC, so no Deribit instrument expires exactly then`);
  }
  return t;
}

const TOP_FIELDS = ['schemaVersion', 'valuationTime', 'source', 'underlyings'] as const;
const UNDERLYING_FIELDS = ['index', 'perpetual', 'rate', 'fundingRate', 'forwards', 'smiles', 'halfSpreads', 'settlementPrices'] as const;
const FORWARD_FIELDS = ['expiry', 'price'] as const;
const SETTLEMENT_FIELDS = ['expiry', 'price'] as const;
const SMILE_FIELDS = ['expiry', 'points'] as const;
const POINT_FIELDS = ['strike', 'iv'] as const;

/** An implied vol above this (as a decimal) almost certainly was written in vol points. */
const SUSPICIOUS_IV = 5;

function parseUnderlying(raw: unknown, path: string, valuationMs: number, w: Warnings): UnderlyingMarket {
  const u = requireObject(raw, path);
  w.unknownFields(u, path, UNDERLYING_FIELDS);
  const index = requirePositive(u.index, `${path}.index`);
  const perpetual = u.perpetual === undefined ? undefined : requirePositive(u.perpetual, `${path}.perpetual`);
  const rate = optionalFinite(u.rate, `${path}.rate`);
  const fundingRate = optionalFinite(u.fundingRate, `${path}.fundingRate`);

  const expired = (ms: number, p: string): void => {
    if (ms <= valuationMs) w.add(`${p} ${isoFromMs(ms)} is not after the valuation time`);
  };

  const forwards: { ms: number; quote: ForwardQuote }[] = [];
  requireArray(u.forwards, `${path}.forwards`).forEach((fRaw, i) => {
    const p = `${path}.forwards[${i}]`;
    const f = requireObject(fRaw, p);
    w.unknownFields(f, p, FORWARD_FIELDS);
    const ms = parseExpiry(f.expiry, `${p}.expiry`, w);
    const price = requirePositive(f.price, `${p}.price`);
    const dup = forwards.find((x) => x.ms === ms);
    if (dup) {
      w.add(`${p}: second forward for expiry ${isoFromMs(ms)} (price ${price}); kept the first (${dup.quote.price})`);
      return;
    }
    expired(ms, `${p}.expiry`);
    forwards.push({ ms, quote: { expiry: isoFromMs(ms), price } });
  });
  forwards.sort((a, b) => a.ms - b.ms);

  const smiles: { ms: number; smile: Smile }[] = [];
  requireArray(u.smiles, `${path}.smiles`).forEach((sRaw, i) => {
    const p = `${path}.smiles[${i}]`;
    const s = requireObject(sRaw, p);
    w.unknownFields(s, p, SMILE_FIELDS);
    const ms = parseExpiry(s.expiry, `${p}.expiry`, w);
    if (!Array.isArray(s.points)) throw new SnapshotError(`${p}.points must be an array (got ${describeValue(s.points)})`);
    const points: SmilePoint[] = [];
    s.points.forEach((ptRaw, j) => {
      const pp = `${p}.points[${j}]`;
      const pt = requireObject(ptRaw, pp);
      w.unknownFields(pt, pp, POINT_FIELDS);
      const strike = requirePositive(pt.strike, `${pp}.strike`);
      const iv = requirePositive(pt.iv, `${pp}.iv`);
      if (iv > SUSPICIOUS_IV)
        w.add(`${pp}.iv ${iv} is over ${SUSPICIOUS_IV * 100} %: vols are decimals (0.45 = 45 %), was it written in vol points?`);
      const dup = points.find((x) => x.strike === strike);
      if (dup) {
        w.add(`${pp}: duplicate strike ${strike} in the smile of ${isoFromMs(ms)} (iv ${iv}); kept the first (iv ${dup.iv})`);
        return;
      }
      points.push({ strike, iv });
    });
    if (points.length === 0) {
      w.add(`${p} (${isoFromMs(ms)}) has no points: ignored`);
      return;
    }
    const dup = smiles.find((x) => x.ms === ms);
    if (dup) {
      w.add(`${p}: second smile for expiry ${isoFromMs(ms)}; kept the first`);
      return;
    }
    expired(ms, `${p}.expiry`);
    points.sort((a, b) => a.strike - b.strike);
    smiles.push({ ms, smile: { expiry: isoFromMs(ms), points } });
  });
  smiles.sort((a, b) => a.ms - b.ms);

  let halfSpreads: Record<string, number> | undefined;
  if (u.halfSpreads !== undefined) {
    const hs = requireObject(u.halfSpreads, `${path}.halfSpreads`);
    halfSpreads = {};
    for (const [name, v] of Object.entries(hs)) {
      const p = keyPath(`${path}.halfSpreads`, name);
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new SnapshotError(`${p} must be a non-negative number (got ${describeValue(v)})`);
      }
      halfSpreads[name] = v;
    }
  }

  // Delivery prices of past expiries (optional extension): what positions that expired before the valuation time
  // settled at. A price for an expiry after the valuation time is not a delivery price yet: warned and dropped.
  let settlementPrices: SettlementPrice[] | undefined;
  if (u.settlementPrices !== undefined) {
    const list: { ms: number; sp: SettlementPrice }[] = [];
    requireArray(u.settlementPrices, `${path}.settlementPrices`).forEach((spRaw, i) => {
      const p = `${path}.settlementPrices[${i}]`;
      const o = requireObject(spRaw, p);
      w.unknownFields(o, p, SETTLEMENT_FIELDS);
      const ms = parseExpiry(o.expiry, `${p}.expiry`, w);
      const price = requirePositive(o.price, `${p}.price`);
      if (ms > valuationMs) {
        w.add(`${p}.expiry ${isoFromMs(ms)} is after the valuation time: not settled yet, ignored`);
        return;
      }
      const dup = list.find((x) => x.ms === ms);
      if (dup) {
        w.add(`${p}: second settlement price for expiry ${isoFromMs(ms)} (price ${price}); kept the first (${dup.sp.price})`);
        return;
      }
      list.push({ ms, sp: { expiry: isoFromMs(ms), price } });
    });
    settlementPrices = list.sort((a, b) => a.ms - b.ms).map((x) => x.sp);
  }

  return {
    index,
    ...(perpetual === undefined ? {} : { perpetual }),
    ...(rate === undefined ? {} : { rate }),
    ...(fundingRate === undefined ? {} : { fundingRate }),
    forwards: forwards.map((x) => x.quote),
    smiles: smiles.map((x) => x.smile),
    ...(halfSpreads === undefined ? {} : { halfSpreads }),
    ...(settlementPrices === undefined ? {} : { settlementPrices }),
  };
}

function parseOrThrow(value: unknown): { snapshot: MarketSnapshot; warnings: string[] } {
  const w = new Warnings();
  if (!isObject(value)) throw new SnapshotError(`a market snapshot must be a JSON object (got ${describeValue(value)})`);
  w.unknownFields(value, '', TOP_FIELDS);
  if (value.schemaVersion !== 1) throw new SnapshotError(`schemaVersion must be 1 (got ${describeValue(value.schemaVersion)})`);

  if (typeof value.valuationTime !== 'string') {
    throw new SnapshotError(`valuationTime must be an ISO-8601 string (got ${describeValue(value.valuationTime)})`);
  }
  const valuationMs = parseIsoInstant(value.valuationTime);
  if (valuationMs === null) {
    throw new SnapshotError(
      `valuationTime "${value.valuationTime}" is not an ISO-8601 date-time with a time zone (e.g. 2026-08-22T03:50:45Z)`,
    );
  }

  let source = '';
  if (value.source === undefined) w.add('source is missing (where the data came from)');
  else if (typeof value.source !== 'string') throw new SnapshotError(`source must be a string (got ${describeValue(value.source)})`);
  else source = value.source;

  const rawUnderlyings = requireObject(value.underlyings, 'underlyings');
  const underlyings: Record<string, UnderlyingMarket> = {};
  for (const [rawKey, rawU] of Object.entries(rawUnderlyings)) {
    const path = keyPath('underlyings', rawKey);
    const key = rawKey.trim().toUpperCase();
    if (!COIN_CODE.test(key)) throw new SnapshotError(`${path}: "${rawKey}" is not a currency code (e.g. BTC)`);
    if (key !== rawKey) w.add(`${path}: currency code "${rawKey}" read as ${key}`);
    if (Object.hasOwn(underlyings, key)) throw new SnapshotError(`${path}: ${key} is given twice`);
    underlyings[key] = parseUnderlying(rawU, path, valuationMs, w);
  }
  if (Object.keys(underlyings).length === 0) throw new SnapshotError('underlyings is empty: no market data');

  return {
    snapshot: { schemaVersion: 1, valuationTime: isoFromMs(valuationMs), source, underlyings },
    warnings: w.finish(),
  };
}

/**
 * Validate and normalise a parsed market snapshot JSON value.
 *
 * Normalisation: instants rewritten as canonical ISO (`…T08:00:00.000Z`), forwards and smiles sorted by expiry,
 * smile points by strike, currency codes upper-cased. Duplicate strikes (or expiries) keep the first entry with a
 * warning; unknown fields are dropped with a warning. The first invalid value fails the whole snapshot with an
 * error naming its JSON path, e.g. `underlyings.BTC.smiles[2].points[5].iv must be a positive number (got 0)`.
 * Never throws.
 */
export function parseMarketSnapshot(value: unknown): MarketParseResult {
  try {
    const { snapshot, warnings } = parseOrThrow(value);
    return { ok: true, snapshot, warnings };
  } catch (e) {
    if (e instanceof SnapshotError) return { ok: false, error: e.message };
    return { ok: false, error: `unexpected error while reading the snapshot: ${e instanceof Error ? e.message : String(e)}` };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------------

function byExpiry<T extends { readonly expiry: string }>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i, t: parseIsoInstant(item.expiry) ?? Date.parse(item.expiry) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.item);
}

/**
 * Deterministic JSON of a snapshot: 2-space indentation, trailing newline, fixed key order (schemaVersion,
 * valuationTime, source, underlyings A→Z; per underlying index, perpetual, rate, fundingRate, forwards, smiles,
 * halfSpreads with names A→Z, settlementPrices), forwards, smiles and settlement prices by expiry, points by strike. Optional fields are written only
 * when present. `parseMarketSnapshot(JSON.parse(serializeMarketSnapshot(s)))` gives `s` back with no warnings
 * when `s` is valid and normalised.
 */
export function serializeMarketSnapshot(s: MarketSnapshot): string {
  const underlyings: Record<string, unknown> = {};
  for (const key of Object.keys(s.underlyings).sort()) {
    const u = s.underlyings[key];
    if (!u) continue;
    const out: Record<string, unknown> = { index: u.index };
    if (u.perpetual !== undefined) out.perpetual = u.perpetual;
    if (u.rate !== undefined) out.rate = u.rate;
    if (u.fundingRate !== undefined) out.fundingRate = u.fundingRate;
    out.forwards = byExpiry(u.forwards).map((f) => ({ expiry: f.expiry, price: f.price }));
    out.smiles = byExpiry(u.smiles).map((sm) => ({
      expiry: sm.expiry,
      points: [...sm.points].sort((a, b) => a.strike - b.strike).map((p) => ({ strike: p.strike, iv: p.iv })),
    }));
    if (u.halfSpreads !== undefined) {
      const hs: Record<string, number> = {};
      for (const name of Object.keys(u.halfSpreads).sort()) {
        const v = u.halfSpreads[name];
        if (v !== undefined) hs[name] = v;
      }
      out.halfSpreads = hs;
    }
    if (u.settlementPrices !== undefined) {
      out.settlementPrices = byExpiry(u.settlementPrices).map((sp) => ({ expiry: sp.expiry, price: sp.price }));
    }
    underlyings[key] = out;
  }
  const doc = { schemaVersion: s.schemaVersion, valuationTime: s.valuationTime, source: s.source, underlyings };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
