/**
 * The last date of each bundled price history the book's underlyings use for VaR, read from the files the VaR
 * worker reads (same URLs, served by the service worker offline). Each file is read once per page.
 */
import { useEffect, useState } from 'react';
import { BUNDLED_PRICE_HISTORIES, lastHistoryDate, priceHistoryFile } from './marketAgeModel.ts';

const cache = new Map<string, Promise<string | null>>();

function historyUrl(underlying: string): string {
  return new URL(`./data/history/${priceHistoryFile(underlying)}`, document.baseURI).href;
}

function lastDateOf(underlying: string): Promise<string | null> {
  let p = cache.get(underlying);
  if (!p) {
    p = fetch(historyUrl(underlying))
      .then((r) => (r.ok ? r.text() : null))
      .then((t) => (t === null ? null : lastHistoryDate(t)))
      .catch(() => null);
    cache.set(underlying, p);
  }
  return p;
}

/** Underlying → last history date, for the book's underlyings that have a bundled history. */
export function useHistoryEnds(underlyings: readonly string[]): Readonly<Record<string, string>> {
  const key = underlyings
    .filter((u) => BUNDLED_PRICE_HISTORIES.includes(u))
    .sort()
    .join(',');
  const [ends, setEnds] = useState<{ key: string; dates: Record<string, string> }>({ key: '', dates: {} });
  useEffect(() => {
    if (key === '') return;
    let live = true;
    const uls = key.split(',');
    void Promise.all(uls.map(async (u) => [u, await lastDateOf(u)] as const)).then((pairs) => {
      if (!live) return;
      const dates: Record<string, string> = {};
      for (const [u, d] of pairs) if (d) dates[u] = d;
      setEnds({ key, dates });
    });
    return () => {
      live = false;
    };
  }, [key]);
  return ends.key === key ? ends.dates : {};
}
