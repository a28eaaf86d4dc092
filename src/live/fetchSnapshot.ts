/**
 * One-shot live market (the CLI's `--live` and `npm run market -- --live`): connect, run the same bootstrap as the
 * streaming market (marketSession.ts `fetchBootstrap`), build the snapshot with the same LiveMarketState, close.
 * Its `valuationTime` is the latest `creation_timestamp` of the book summaries.
 */
import type { MarketSnapshot } from '../domain/market.ts';
import { DeribitConnection } from './connection.ts';
import { fetchBootstrap } from './marketSession.ts';
import { LiveMarketState } from './marketState.ts';
import type { LiveSocketFactory } from './transport.ts';

export interface FetchSnapshotOptions {
  readonly url: string;
  readonly socketFactory: LiveSocketFactory;
  readonly currencies: readonly string[];
  readonly underlyings?: readonly string[];
  /** Give up after this many failed connection attempts (default 3). */
  readonly maxAttempts?: number;
  readonly requestTimeoutMs?: number;
}

export async function fetchLiveSnapshot(o: FetchSnapshotOptions): Promise<{ snapshot: MarketSnapshot; warnings: string[] }> {
  const conn = new DeribitConnection({
    url: o.url,
    socketFactory: o.socketFactory,
    maxAttempts: o.maxAttempts ?? 3,
    backoff: { initialMs: 500, maxMs: 4_000 },
    ...(o.requestTimeoutMs !== undefined ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
  });
  conn.connect();
  try {
    const report = await fetchBootstrap((method, params) => conn.call(method, params), o.currencies, o.underlyings);
    const state = new LiveMarketState({ ...(o.underlyings ? { underlyings: o.underlyings } : {}), sourceLabel: `Deribit live (${o.url})` });
    state.bootstrap(report.data, Date.now());
    const built = state.build();
    if (!built.ok) throw new Error(`the live market could not be built: ${built.error}`);
    return { snapshot: built.snapshot, warnings: [...report.warnings, ...built.warnings] };
  } finally {
    conn.close();
  }
}
