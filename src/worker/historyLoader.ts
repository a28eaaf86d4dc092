/**
 * The bundled daily histories (public/data/history) as the worker APIs need them: fetched once per worker from the
 * page's own origin, parsed and assembled into the VaR engine's `VarHistory`, cached per base URL. Used by the VaR,
 * margin/exposure (PFE, outage volatility) and hedging (delta-hedge simulation, before/after VaR) APIs.
 *
 * A file that cannot be fetched is a warning (its underlying then has no history) and the load is not cached, so
 * the next request retries; a file that fetches but does not parse rejects with the file name and line.
 */
import type { VarHistory } from '../engine/index.ts';
import { buildVarHistory } from '../io/history.ts';

/** The bundled history files, all fetched: a book's underlyings pick theirs. */
export const HISTORY_FILES = [
  'btc-usd-daily.csv',
  'eth-usd-daily.csv',
  'sol-usd-daily.csv',
  'dvol-btc-daily.csv',
  'dvol-eth-daily.csv',
] as const;

export interface HistoryLoad {
  readonly history: VarHistory;
  readonly warnings: readonly string[];
}

/** Reads a file's text; rejects when it cannot. */
export type TextFetcher = (url: string) => Promise<string>;

const fetchText: TextFetcher = async (url) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return await res.text();
};

let fetcher: TextFetcher = fetchText;
const histories = new Map<string, Promise<HistoryLoad>>();

/** Read history files some other way (Node callers: the file system); null restores `fetch`. Clears the cache. */
export function setHistoryTextFetcher(f: TextFetcher | null): void {
  fetcher = f ?? fetchText;
  histories.clear();
}

/** The bundled histories under `baseUrl` (a folder URL; a trailing slash is added when missing). */
export function loadBundledHistory(baseUrl: string): Promise<HistoryLoad> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  let p = histories.get(base);
  if (!p) {
    p = (async () => {
      const warnings: string[] = [];
      const files: { fileName: string; text: string }[] = [];
      await Promise.all(
        HISTORY_FILES.map(async (fileName) => {
          try {
            files.push({ fileName, text: await fetcher(base + fileName) });
          } catch (e) {
            warnings.push(`${fileName} could not be read (${e instanceof Error ? e.message : String(e)})`);
          }
        }),
      );
      // A file that could not be fetched may be there next time: do not keep this answer.
      if (warnings.length > 0) histories.delete(base);
      files.sort((a, b) => a.fileName.localeCompare(b.fileName));
      const built = buildVarHistory(files);
      if (!built.ok) throw new Error(built.error);
      return { history: built.history, warnings: [...warnings, ...built.warnings] };
    })();
    histories.set(base, p);
    p.catch(() => histories.delete(base)); // a failed load is retried by the next request
  }
  return p;
}
