/**
 * The CLI's history cache on disk: one JSON file per series (`price-btc.json`, `dvol-eth.json`) holding the same
 * `FetchedSeries` record the browser keeps in IndexedDB (src/live/history.ts). Node only.
 * Default directory: `$XDG_CACHE_HOME/riskdeck/history`, else `~/.cache/riskdeck/history`.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { historyKey, parseFetchedSeries, type FetchedSeries } from '../live/history.ts';

export function defaultHistoryDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'riskdeck', 'history');
}

/** Every valid record in `dir` (a missing directory is an empty cache); unreadable files are warnings. */
export function readHistoryCache(dir: string): { series: FetchedSeries[]; warnings: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return { series: [], warnings: [] };
  }
  const series: FetchedSeries[] = [];
  const warnings: string[] = [];
  for (const name of names.sort()) {
    try {
      const parsed = parseFetchedSeries(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      if (parsed && `${historyKey(parsed.kind, parsed.underlying)}.json` === name) series.push(parsed);
      else warnings.push(`history cache ${join(dir, name)}: not a history record, ignored`);
    } catch (e) {
      warnings.push(`history cache ${join(dir, name)}: ${(e as Error).message}; ignored`);
    }
  }
  return { series, warnings };
}

/** Write records (atomically per file: a temporary file renamed over the old one). */
export function writeHistoryCache(dir: string, series: readonly FetchedSeries[]): void {
  mkdirSync(dir, { recursive: true });
  for (const s of series) {
    const file = join(dir, `${historyKey(s.kind, s.underlying)}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(s) + '\n');
    renameSync(`${file}.tmp`, file);
  }
}
