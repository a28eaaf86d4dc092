/**
 * Several market files → one snapshot, merged by underlying. Deribit answers `public/get_book_summary_by_currency`
 * per currency and kind, so a trader has e.g. BTC options, BTC futures, ETH options and ETH futures files; our own
 * snapshot JSONs may hold one underlying each. Pure: no DOM, no Node APIs; never throws.
 *
 * Rules:
 * - Deribit book summaries are pooled entry by entry and converted together (io/deribitBookSummary.ts), so a
 *   currency's options give the smiles and its futures file the forwards and the perpetual of the same underlying.
 *   An instrument listed in two summaries must carry the same figures in both (mark, mark IV, bid, ask,
 *   underlying price, time): an exact repeat is used once, anything else is refused as a conflicting duplicate.
 * - Snapshot JSONs (and the pooled summaries) are merged by underlying: an underlying given by two parts must be
 *   the same data in both, else the merge is refused naming the underlying and both files.
 * - The valuation time is the latest of the parts; when they are more than {@link TIME_SPREAD_WARN_MS} apart a
 *   warning names each file's time, since the older data is then treated as current.
 * - Each part's warnings are kept, prefixed by its file name.
 */
import type { MarketSnapshot, UnderlyingMarket } from '../domain/market.ts';
import { importDeribitBookSummary } from './deribitBookSummary.ts';
import { readMarketFileContent, type MarketImportOutcome } from './importMarket.ts';
import { isoFromMs, parseIsoInstant, parseMarketSnapshot } from './marketSnapshot.ts';

/** Parts whose valuation times differ by more than this (ms) get a warning: 15 minutes. */
export const TIME_SPREAD_WARN_MS = 15 * 60_000;

export interface MarketFileText {
  readonly fileName: string;
  readonly text: string;
}

/** One snapshot to merge and where it came from (file names, for messages). */
export interface SnapshotPart {
  readonly label: string;
  readonly snapshot: MarketSnapshot;
}

export type SnapshotMergeResult = { ok: true; snapshot: MarketSnapshot; warnings: string[] } | { ok: false; error: string };

/** Same JSON value (key order ignored). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function timeOf(s: MarketSnapshot): number {
  return parseIsoInstant(s.valuationTime) ?? Number.NaN;
}

function shortTime(ms: number): string {
  return isoFromMs(ms)
    .replace(/:00(\.000)?Z$/, 'Z')
    .replace('T', ' ');
}

/**
 * Merge snapshots by underlying (module rules). `parts` in the order the files were given.
 * @returns the merged snapshot (valuation time = the latest part's), or an error naming a conflicting underlying
 */
export function mergeMarketSnapshots(parts: readonly SnapshotPart[]): SnapshotMergeResult {
  if (parts.length === 0) return { ok: false, error: 'no market file to merge' };
  if (parts.length === 1) return { ok: true, snapshot: parts[0]!.snapshot, warnings: [] };
  const underlyings: Record<string, UnderlyingMarket> = {};
  const ownerOf = new Map<string, string>();
  const warnings: string[] = [];
  for (const part of parts) {
    for (const [code, market] of Object.entries(part.snapshot.underlyings)) {
      const owner = ownerOf.get(code);
      if (owner === undefined) {
        ownerOf.set(code, part.label);
        underlyings[code] = market;
      } else if (sameValue(underlyings[code], market)) {
        warnings.push(`${code} is in both ${owner} and ${part.label} with the same data: used once`);
      } else {
        return {
          ok: false,
          error: `${code} is in both ${owner} and ${part.label} with different data (conflicting duplicates): open one of them, or files that each hold other underlyings`,
        };
      }
    }
  }
  const times = parts.map((p) => timeOf(p.snapshot));
  const latest = Math.max(...times.filter((t) => Number.isFinite(t)));
  const earliest = Math.min(...times.filter((t) => Number.isFinite(t)));
  if (latest - earliest > TIME_SPREAD_WARN_MS) {
    const list = parts.map((p, i) => `${p.label} ${shortTime(times[i]!)}`).join(', ');
    warnings.push(
      `the files were taken ${((latest - earliest) / 3_600_000).toFixed(1)} h apart (${list}): everything is valued at the latest time, ${shortTime(latest)}, so the older data is treated as current`,
    );
  }
  const snapshotValue = {
    schemaVersion: 1,
    valuationTime: isoFromMs(latest),
    source: `merged: ${parts.map((p) => `${p.label} (${Object.keys(p.snapshot.underlyings).sort().join(', ')})`).join('; ')}`,
    underlyings,
  };
  const checked = parseMarketSnapshot(snapshotValue);
  if (!checked.ok) return { ok: false, error: `the merged market is not valid: ${checked.error}` };
  return { ok: true, snapshot: checked.snapshot, warnings: [...warnings, ...checked.warnings] };
}

/** Fields of a book-summary entry that must agree when two files list the same instrument. */
const ENTRY_FIELDS = ['mark_price', 'mark_iv', 'bid_price', 'ask_price', 'underlying_price', 'creation_timestamp'] as const;

function entryName(e: unknown): string | null {
  return typeof e === 'object' && e !== null && typeof (e as { instrument_name?: unknown }).instrument_name === 'string'
    ? (e as { instrument_name: string }).instrument_name.trim().toUpperCase()
    : null;
}

function describeEntry(e: unknown): string {
  const o = e as Record<string, unknown>;
  return ENTRY_FIELDS.filter((f) => o[f] !== undefined && o[f] !== null)
    .map((f) => `${f} ${String(o[f])}`)
    .join(', ');
}

/**
 * Import one or several market files as one market (module rules). One file behaves exactly as
 * `importMarketText`; several give `format: 'merged'` with the merged snapshot.
 */
export function importMarketFiles(files: readonly MarketFileText[]): MarketImportOutcome {
  if (files.length === 0) return { ok: false, error: 'no market file given' };
  const contents = files.map((f) => ({ fileName: f.fileName, content: readMarketFileContent(f.text, f.fileName) }));
  for (const c of contents) if (!c.content.ok) return { ok: false, error: c.content.error };

  const parts: SnapshotPart[] = [];
  const warnings: string[] = [];
  const summaryFiles: string[] = [];
  const pooled: unknown[] = [];
  const seen = new Map<string, { entry: unknown; fileName: string }>();
  for (const { fileName, content } of contents) {
    if (!content.ok) continue;
    if (content.kind === 'snapshot') {
      parts.push({ label: fileName, snapshot: content.snapshot });
      warnings.push(...content.warnings.map((w) => `${fileName}: ${w}`));
      continue;
    }
    summaryFiles.push(fileName);
    for (const entry of content.entries) {
      const name = entryName(entry);
      if (name === null) {
        pooled.push(entry); // the converter reports it
        continue;
      }
      const before = seen.get(name);
      if (before === undefined) {
        seen.set(name, { entry, fileName });
        pooled.push(entry);
        continue;
      }
      const same = ENTRY_FIELDS.every((f) =>
        sameValue((before.entry as Record<string, unknown>)[f], (entry as Record<string, unknown>)[f]),
      );
      if (!same) {
        return {
          ok: false,
          error: `${name} is in both ${before.fileName} (${describeEntry(before.entry)}) and ${fileName} (${describeEntry(entry)}): conflicting duplicates; open files of different currencies or kinds, taken together`,
        };
      }
    }
  }
  if (summaryFiles.length > 0) {
    const label = summaryFiles.join(' + ');
    const r = importDeribitBookSummary(pooled);
    if (!r.ok) return { ok: false, error: `${label}: ${r.error}` };
    parts.unshift({ label, snapshot: { ...r.snapshot, source: `${label}: ${r.snapshot.source}` } });
    warnings.unshift(...r.warnings.map((w) => (summaryFiles.length > 1 ? `${label}: ${w}` : w)));
  }
  if (parts.length === 1 && files.length === 1) {
    return { ok: true, snapshot: parts[0]!.snapshot, format: summaryFiles.length > 0 ? 'deribit-book-summary' : 'snapshot', warnings };
  }
  const merged = mergeMarketSnapshots(parts);
  if (!merged.ok) return merged;
  const snapshot = parts.length === 1 ? { ...merged.snapshot, source: parts[0]!.snapshot.source } : merged.snapshot;
  return { ok: true, snapshot, format: 'merged', warnings: [...warnings, ...merged.warnings] };
}
