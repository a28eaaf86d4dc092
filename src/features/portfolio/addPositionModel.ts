/**
 * The "add position" form: validation of what the trader typed, with the same rules as a file row (instrument name,
 * unit that applies to it), plus instrument suggestions from the market in use.
 */
import { formatExpiryCode, parseInstrument } from '../../domain/instrument.ts';
import { QUANTITY_UNITS, unitError, type QuantityUnit } from '../../domain/position.ts';
import type { MarketInstrument } from '../../state/slices/marketSlice.ts';
import type { NewPositionInput } from '../../state/slices/portfolioSlice.ts';
import { parseUserNumber } from '../../lib/format.ts';

export interface AddPositionDraft {
  readonly instrument: string;
  readonly quantity: string;
  readonly unit: QuantityUnit;
  readonly entryPrice: string;
  readonly label: string;
  readonly whatIf: boolean;
}

export const EMPTY_DRAFT: AddPositionDraft = { instrument: '', quantity: '', unit: 'coin', entryPrice: '', label: '', whatIf: true };

export type DraftCheck =
  { readonly ok: true; readonly input: NewPositionInput; readonly warning: string | null } | { readonly ok: false; readonly error: string };

/** What the market in use can price, for the form's warnings (empty until the worker lists the instruments). */
export interface MarketContext {
  /** Underlyings with market data. */
  readonly underlyings: ReadonlySet<string>;
  /** Per underlying, expiries (ms) with a quoted forward, and those with a smile too (what options need). */
  readonly futureExpiries: ReadonlyMap<string, ReadonlySet<number>>;
  readonly optionExpiries: ReadonlyMap<string, ReadonlySet<number>>;
  /** Valuation time of the snapshot (ms); null when unknown. */
  readonly valuationMs: number | null;
}

export function marketContext(instruments: readonly MarketInstrument[], valuationTime: string | null): MarketContext {
  const underlyings = new Set<string>();
  const futureExpiries = new Map<string, Set<number>>();
  const smileExpiries = new Map<string, Set<number>>();
  const add = (m: Map<string, Set<number>>, ul: string, ms: number) => {
    let set = m.get(ul);
    if (!set) m.set(ul, (set = new Set()));
    set.add(ms);
  };
  for (const i of instruments) {
    if (i.kind === 'spot') underlyings.add(i.underlying);
    else if (i.kind === 'future' && i.expiryMs !== undefined) add(futureExpiries, i.underlying, i.expiryMs);
    else if (i.kind === 'option' && i.expiryMs !== undefined) add(smileExpiries, i.underlying, i.expiryMs);
  }
  // The engine lists an option's expiry only when the snapshot quotes both its forward and its smile.
  const optionExpiries = new Map<string, Set<number>>();
  for (const [ul, set] of smileExpiries) {
    const forwards = futureExpiries.get(ul);
    optionExpiries.set(ul, new Set([...set].filter((ms) => forwards?.has(ms))));
  }
  const ms = valuationTime === null ? NaN : Date.parse(valuationTime);
  return { underlyings, futureExpiries, optionExpiries, valuationMs: Number.isFinite(ms) ? ms : null };
}

const DATE_FMT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export function checkDraft(draft: AddPositionDraft, market: MarketContext): DraftCheck {
  const name = draft.instrument.trim();
  if (name === '') return { ok: false, error: 'Pick an instrument' };
  const parsed = parseInstrument(name);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const quantity = parseUserNumber(draft.quantity);
  if (quantity === null) return { ok: false, error: 'Quantity must be a number (negative for a short)' };
  if (quantity === 0) return { ok: false, error: 'Quantity must not be zero' };
  if (!QUANTITY_UNITS.includes(draft.unit)) return { ok: false, error: `Unknown unit ${draft.unit}` };
  const unitProblem = unitError(parsed.value, draft.unit);
  if (unitProblem) return { ok: false, error: unitProblem };
  let entryPrice: number | null = null;
  if (draft.entryPrice.trim() !== '') {
    entryPrice = parseUserNumber(draft.entryPrice);
    if (entryPrice === null || entryPrice < 0) return { ok: false, error: 'Entry price must be a non-negative number' };
  }
  const canonical = parsed.value.name;
  const inst = parsed.value;
  let warning: string | null = null;
  if (market.underlyings.size > 0 && inst.kind !== 'cash') {
    if (!market.underlyings.has(inst.underlying)) {
      warning = `${canonical}: the market has no data for ${inst.underlying}, so it will show as unpriced`;
    } else if (inst.kind === 'option' || inst.kind === 'future') {
      const code = formatExpiryCode(inst.expiryMs);
      const listed = (inst.kind === 'option' ? market.optionExpiries : market.futureExpiries).get(inst.underlying);
      if (market.valuationMs !== null && inst.expiryMs <= market.valuationMs) {
        warning = `${canonical} expired on ${DATE_FMT.format(inst.expiryMs)}, before the market's valuation time: it will show as settled, with no figures`;
      } else if (!listed?.has(inst.expiryMs)) {
        warning = `${canonical}: expiry ${code} is not listed in this market; its value will be interpolated between listed expiries`;
      }
    }
  }
  return {
    ok: true,
    input: {
      instrument: canonical,
      quantity,
      ...(draft.unit !== 'coin' ? { unit: draft.unit } : {}),
      entryPrice,
      label: draft.label.trim(),
      whatIf: draft.whatIf,
    },
    warning,
  };
}

/**
 * Suggestions for what was typed: case-insensitive prefix matches first, then substring matches, at most `limit`
 * (a datalist of 2,000 options is slow to open and useless to scroll).
 */
export function suggestInstruments(instruments: readonly MarketInstrument[], typed: string, limit = 200): MarketInstrument[] {
  const q = typed.trim().toUpperCase();
  if (q === '') return instruments.slice(0, limit);
  const prefix: MarketInstrument[] = [];
  const inside: MarketInstrument[] = [];
  for (const i of instruments) {
    const n = i.name.toUpperCase();
    if (n.startsWith(q)) prefix.push(i);
    else if (n.includes(q)) inside.push(i);
    if (prefix.length >= limit) break;
  }
  return [...prefix, ...inside].slice(0, limit);
}

/** Units that apply to an instrument name (for the unit selector); all units while the name does not parse. */
export function unitsFor(instrument: string): QuantityUnit[] {
  const parsed = parseInstrument(instrument.trim());
  if (!parsed.ok) return [...QUANTITY_UNITS];
  return QUANTITY_UNITS.filter((u) => unitError(parsed.value, u) === null);
}
