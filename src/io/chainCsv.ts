/**
 * Deribit option-chain CSV (the `deribit-chain-2026-08-22.csv` layout: one row per option with `instrument_name`,
 * `underlying` = the same-expiry forward, `implied_volatility` as a decimal, `bid_price`/`ask_price`/`mark_price`
 * in coin, `index_price`, `timestamp`, `currency`) → market snapshot. A pure function of the text; the build
 * script `scripts/buildDefaultData.ts` uses it for the embedded default market.
 *
 * Rules: per currency the index is the median `index_price` (it drifts by a few dollars across rows); per expiry
 * the forward is the median `underlying`; the smile takes per strike the out-of-the-money side's
 * `implied_volatility` (call when K ≥ F, put when K < F, the other side when only one is positive);
 * valuation time = the latest `timestamp`; no perpetual mark in this layout, so `perpetual` is omitted (it defaults
 * to the index); halfSpreads = (ask − bid)/2 in coin where both are positive. Strike, expiry and type come from the
 * instrument name (08:00 UTC expiry). Inverse options only; linear (USDC) rows are skipped with a warning.
 *
 * Pure TypeScript: no DOM, no Node APIs.
 */

import type { OptionInstrument } from '../domain/instrument.ts';
import { parseInstrument } from '../domain/instrument.ts';
import type { ForwardQuote, Smile, UnderlyingMarket } from '../domain/market.ts';
import {
  cleanNumber,
  halfSpread,
  isoFromMs,
  median,
  otmSmilePoints,
  parseIsoInstant,
  parseMarketSnapshot,
  type MarketParseResult,
} from './marketSnapshot.ts';

/** One valid option row of the chain. Prices in coin, forward and index in USD per coin, iv decimal. */
export interface ChainRow {
  /** Physical line of the file (header = line 1). */
  readonly line: number;
  readonly instrument: OptionInstrument;
  /** Currency (underlying coin), e.g. BTC. */
  readonly currency: string;
  /** Same-expiry forward, USD per coin (`underlying`). */
  readonly forward: number;
  /** Spot index at the row's fetch, USD per coin (`index_price`). */
  readonly index: number;
  /** Implied vol, decimal; null when missing or not positive. */
  readonly iv: number | null;
  /** Mark, bid and ask in coin; null when empty. */
  readonly mark: number | null;
  readonly bid: number | null;
  readonly ask: number | null;
  /** Row timestamp, epoch ms. */
  readonly timestampMs: number;
}

/** Rows read from a chain CSV, with a warning per kind of skipped row. */
export type ChainRowsResult = { ok: true; rows: ChainRow[]; warnings: string[] } | { ok: false; error: string };

/** Split CSV text into records (RFC 4180 quoting), each with the physical line it starts on. */
function csvRecords(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let startLine = 1;
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') inQuotes = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      fields.push(field);
      out.push({ line: startLine, fields });
      fields = [];
      field = '';
      line++;
      startLine = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    out.push({ line: startLine, fields });
  }
  return out.filter((r) => !(r.fields.length === 1 && (r.fields[0] ?? '').trim() === ''));
}

const REQUIRED_COLUMNS = ['instrument_name', 'underlying', 'implied_volatility', 'index_price', 'timestamp'] as const;

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

/**
 * Read the option rows of a Deribit chain CSV. Rows that cannot be used (bad name, no positive forward or index,
 * unreadable timestamp, linear options) are skipped with one warning per reason listing their lines.
 */
export function readChainCsvRows(text: string): ChainRowsResult {
  const records = csvRecords(text);
  const header = records[0];
  if (!header) return { ok: false, error: 'the chain CSV is empty' };
  const columns = header.fields.map((c) => c.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) return { ok: false, error: `the chain CSV has no column ${missing.join(', ')} (line 1)` };
  const col = (name: string): number => columns.indexOf(name);

  const skipped = new Map<string, number[]>();
  const skip = (reason: string, line: number): void => {
    const list = skipped.get(reason);
    if (list) list.push(line);
    else skipped.set(reason, [line]);
  };

  const rows: ChainRow[] = [];
  for (const { line, fields } of records.slice(1)) {
    const get = (name: string): string | undefined => {
      const i = col(name);
      return i < 0 ? undefined : fields[i]?.trim();
    };
    const parsed = parseInstrument(get('instrument_name') ?? '');
    if (!parsed.ok || parsed.value.kind !== 'option') {
      skip('not an option name', line);
      continue;
    }
    const instrument = parsed.value;
    if (instrument.settlement !== 'inverse') {
      skip('linear (USDC) option', line);
      continue;
    }
    const forward = numberOrNull(get('underlying'));
    const index = numberOrNull(get('index_price'));
    if (forward === null || !(forward > 0) || index === null || !(index > 0)) {
      skip('no positive underlying (forward) or index_price', line);
      continue;
    }
    const timestampMs = parseIsoInstant(get('timestamp') ?? '');
    if (timestampMs === null) {
      skip('timestamp is not an ISO-8601 date-time with a zone', line);
      continue;
    }
    const ivRaw = numberOrNull(get('implied_volatility'));
    const currency = (get('currency') || instrument.underlying).toUpperCase();
    if (currency !== instrument.underlying) {
      skip(`currency column differs from the instrument's coin`, line);
      continue;
    }
    rows.push({
      line,
      instrument,
      currency,
      forward,
      index,
      iv: ivRaw !== null && ivRaw > 0 ? ivRaw : null,
      mark: numberOrNull(get('mark_price')),
      bid: numberOrNull(get('bid_price')),
      ask: numberOrNull(get('ask_price')),
      timestampMs,
    });
  }
  const warnings = [...skipped].map(([reason, lines]) => {
    const shown = lines.slice(0, 5).join(', ');
    return `${lines.length} row${lines.length === 1 ? '' : 's'} skipped (${reason}): line${lines.length === 1 ? '' : 's'} ${shown}${lines.length > 5 ? ` and ${lines.length - 5} more` : ''}`;
  });
  if (rows.length === 0)
    return { ok: false, error: `the chain CSV has no usable option rows${warnings.length ? `: ${warnings.join('; ')}` : ''}` };
  return { ok: true, rows, warnings };
}

/** Options of the chain reader. */
export interface ChainCsvOptions {
  /** Text for the snapshot's `source` (provenance); a generic description when absent. */
  readonly source?: string;
}

/**
 * Build a market snapshot from a Deribit chain CSV (see the module comment for the rules). Never throws.
 * @param text the CSV text
 * @returns the validated snapshot (sorted, canonical ISO instants) and warnings, or an error
 */
export function parseChainCsv(text: string, options: ChainCsvOptions = {}): MarketParseResult {
  try {
    const read = readChainCsvRows(text);
    if (!read.ok) return read;
    const { rows } = read;
    const warnings = [...read.warnings];
    const valuationMs = Math.max(...rows.map((r) => r.timestampMs));

    const underlyings: Record<string, UnderlyingMarket> = {};
    for (const currency of [...new Set(rows.map((r) => r.currency))].sort()) {
      const own = rows.filter((r) => r.currency === currency);
      const live = own.filter((r) => r.instrument.expiryMs > valuationMs);
      if (live.length < own.length)
        warnings.push(`${currency}: ${own.length - live.length} options expired at or before the valuation time were left out`);

      const byExpiry = new Map<number, ChainRow[]>();
      for (const r of live) {
        const list = byExpiry.get(r.instrument.expiryMs);
        if (list) list.push(r);
        else byExpiry.set(r.instrument.expiryMs, [r]);
      }
      const forwards: ForwardQuote[] = [];
      const smiles: Smile[] = [];
      for (const [expiryMs, list] of [...byExpiry].sort(([a], [b]) => a - b)) {
        const expiry = isoFromMs(expiryMs);
        const forward = cleanNumber(median(list.map((r) => r.forward)));
        forwards.push({ expiry, price: forward });
        const vols = new Map<number, { call?: number; put?: number }>();
        for (const r of list) {
          if (r.iv === null) continue;
          const v = vols.get(r.instrument.strike) ?? {};
          if (r.instrument.putCall === 'call') v.call = r.iv;
          else v.put = r.iv;
          vols.set(r.instrument.strike, v);
        }
        const points = otmSmilePoints(vols, forward);
        if (points.length > 0) smiles.push({ expiry, points });
        else warnings.push(`${currency} ${expiry}: no positive implied_volatility: no smile`);
      }
      const halfSpreads: Record<string, number> = {};
      for (const r of live) {
        const hs = halfSpread(r.bid, r.ask);
        if (hs !== undefined) halfSpreads[r.instrument.name] = hs;
      }
      underlyings[currency] = {
        index: cleanNumber(median(own.map((r) => r.index))),
        forwards,
        smiles,
        ...(Object.keys(halfSpreads).length > 0 ? { halfSpreads } : {}),
      };
    }

    const valuationTime = isoFromMs(valuationMs);
    const source =
      options.source ??
      `Deribit option-chain CSV at ${valuationTime} (${Object.keys(underlyings).join(', ')}); no perpetual mark, so perpetual = index`;
    const checked = parseMarketSnapshot({ schemaVersion: 1, valuationTime, source, underlyings });
    if (!checked.ok) return { ok: false, error: `the chain gives an invalid snapshot: ${checked.error}` };
    return { ok: true, snapshot: checked.snapshot, warnings: [...warnings, ...checked.warnings] };
  } catch (e) {
    return { ok: false, error: `unexpected error while reading the chain CSV: ${e instanceof Error ? e.message : String(e)}` };
  }
}
