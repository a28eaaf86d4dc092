/**
 * The live worker's API: a thin wrapper of one LiveService (src/live/service.ts) with plain structured-clone
 * arguments and results. The worker file only exposes it; Node tests build it with the `ws` socket.
 */
import type { AccountPortfolioResult, AccountSummariesResult } from '../live/account.ts';
import type { AccountLinkInfo } from '../live/auth.ts';
import type { FetchedSeries, HistoryRequest } from '../live/history.ts';
import type { LiveSnapshot } from '../live/marketSession.ts';
import { LiveService, type LiveConfig, type LiveDeps, type LiveEvent, type LiveStatus } from '../live/service.ts';

export function createLiveWorkerApi(deps: LiveDeps) {
  let listener: ((e: LiveEvent) => void) | null = null;
  const service = new LiveService(deps, (e) => listener?.(e));
  return {
    /** Where events go (a Comlink proxy of the client's callback); null stops them. */
    setListener(l: ((e: LiveEvent) => void) | null): void {
      listener = l;
    },
    connect(config: LiveConfig): void {
      service.connect(config);
    },
    disconnect(): void {
      service.disconnect();
    },
    setFrozen(frozen: boolean): void {
      service.setFrozen(frozen);
    },
    setThrottleMs(ms: number): void {
      service.setThrottleMs(ms);
    },
    setStaleAfterMs(ms: number): void {
      service.setStaleAfterMs(ms);
    },
    status(): LiveStatus {
      return service.status();
    },
    latestSnapshot(): LiveSnapshot | null {
      return service.latestSnapshot();
    },
    linkAccount(clientId: string, clientSecret: string): Promise<AccountLinkInfo> {
      return service.linkAccount({ clientId, clientSecret });
    },
    unlinkAccount(): void {
      service.unlinkAccount();
    },
    fetchPositions(): Promise<AccountPortfolioResult> {
      return service.fetchPositions();
    },
    fetchAccountSummaries(): Promise<AccountSummariesResult> {
      return service.fetchAccountSummaries();
    },
    fetchHistories(requests: readonly HistoryRequest[]): Promise<FetchedSeries[]> {
      return service.fetchHistories(requests);
    },
  };
}

export type LiveWorkerApi = ReturnType<typeof createLiveWorkerApi>;
