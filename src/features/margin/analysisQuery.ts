/**
 * How the analysis views (stress, margin, exposure, limits, and the summary's limit marks) ask the worker.
 *
 * Why not `useRiskQuery`: the `analysis` channel is latest-wins for the whole channel, so a third request sent while
 * one is in flight and one pending would silently drop the pending one, and several views (and the summary) ask at
 * once. Here requests are serialised on the main thread, one in flight at a time, with one queued request per
 * *slot* (a newer request of the same slot replaces the queued one: latest wins per slot, nothing lost across
 * slots). Results are cached per slot and shared, so the summary and the Limits tab asking the same question make
 * one request. Every method runs on the base market (the what-if shocks are not applied; what-if trades are), so
 * a slider drag never re-runs these.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { Scenario } from '../../domain/scenario.ts';
import type { BookInputs } from '../../worker/bookCache.ts';
import { getRiskClient, isSupersededError } from '../../worker/riskClient.ts';
import type { RiskApi } from '../../worker/riskApi.ts';
import type { QueryMethod, QueryState } from '../../state/riskQuery.ts';
import { useAppStoreShallow } from '../../state/hooks.ts';
import { bookKey, marketKey } from '../../state/riskRunner.ts';

type ParamsOf<M extends QueryMethod> = RiskApi[M] extends (inputs: BookInputs, scenario: Scenario, params: infer P) => unknown ? P : never;
type ResultOf<M extends QueryMethod> = Awaited<ReturnType<RiskApi[M]>>;

interface Entry {
  readonly key: string;
  readonly data: unknown;
  readonly error: string | null;
  /** Request-to-result time, ms (queue wait included). */
  readonly ms: number | null;
}

interface Job {
  readonly slot: string;
  readonly key: string;
  readonly method: QueryMethod;
  readonly args: readonly unknown[];
  readonly queuedAt: number;
  retried: boolean;
}

const results = new Map<string, Entry>();
/** Insertion-ordered: the oldest slot is sent first; replacing a slot's job keeps its place. */
const queue = new Map<string, Job>();
let running: Job | null = null;
let version = 0;
const listeners = new Set<() => void>();

function notify(): void {
  version += 1;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = (): number => version;

/** Slow questions (the liquidation root search) wait until the quick ones queued beside them have been answered. */
const SLOW_SLOTS = new Set(['liquidation']);

function pump(): void {
  if (running) return;
  const jobs = [...queue.values()];
  const job = jobs.find((j) => !SLOW_SLOTS.has(j.slot)) ?? jobs[0];
  if (!job) return;
  queue.delete(job.slot);
  running = job;
  const client = getRiskClient();
  const request = client.request.bind(client) as (c: 'analysis', m: QueryMethod, a: readonly unknown[]) => Promise<unknown>;
  const done = (entry: Entry | null) => {
    running = null;
    if (entry) {
      results.set(job.slot, entry);
      try {
        performance.measure(`riskdeck:${job.method}`, { start: job.queuedAt, end: performance.now() });
      } catch {
        // diagnostics only
      }
      notify();
    }
    pump();
  };
  request('analysis', job.method, job.args).then(
    (data) => done({ key: job.key, data, error: null, ms: performance.now() - job.queuedAt }),
    (e: unknown) => {
      // Superseded only happens if something else used the channel: ask again once rather than hang.
      if (isSupersededError(e)) {
        if (!job.retried && !queue.has(job.slot)) queue.set(job.slot, { ...job, retried: true });
        done(null);
        return;
      }
      done({ key: job.key, data: results.get(job.slot)?.data ?? null, error: e instanceof Error ? e.message : String(e), ms: null });
    },
  );
}

/** Queue `method(args)` for `slot` unless that exact request is already answered, running or queued. */
function requestSlot(slot: string, key: string, method: QueryMethod, args: readonly unknown[]): void {
  if (results.get(slot)?.key === key) return;
  if (running?.slot === slot && running.key === key) return;
  if (queue.get(slot)?.key === key) return;
  queue.set(slot, { slot, key, method, args, queuedAt: performance.now(), retried: false });
  pump();
}

/** Absolute URL of the app's `./data/` folder (the worker's own URL is under assets/, so the page resolves it). */
export function dataUrl(): string {
  return new URL('./data/', document.baseURI).href;
}

/**
 * Follow the book and market with `method(inputs, {}, params)` on the analysis worker.
 * @param slot names the question (one cached answer per slot; use distinct slots for distinct questions)
 * @param params the view's parameters; `null` pauses the query
 */
export function useAnalysisQuery<M extends QueryMethod>(slot: string, method: M, params: ParamsOf<M> | null): QueryState<ResultOf<M>> {
  const { portfolio, market, overrides } = useAppStoreShallow((s) => ({
    portfolio: s.portfolio,
    market: s.market,
    overrides: s.marketOverrides,
  }));
  useSyncExternalStore(subscribe, snapshot);
  const paramsKey = params === null ? null : JSON.stringify(params);
  const key = market && paramsKey !== null ? `${bookKey(portfolio)}|${marketKey(market, overrides)}|${String(method)}|${paramsKey}` : null;

  useEffect(() => {
    if (!market || key === null || paramsKey === null) return;
    const inputs: BookInputs = { portfolio, market, overrides, marketKey: marketKey(market, overrides), bookKey: bookKey(portfolio) };
    requestSlot(slot, key, method, [inputs, {}, JSON.parse(paramsKey)]);
  }, [slot, key, method, paramsKey, portfolio, market, overrides]);

  const entry = results.get(slot);
  const current = entry !== undefined && entry.key === key;
  const status: QueryState<unknown>['status'] = key === null ? 'idle' : !current ? 'running' : entry.error !== null ? 'error' : 'done';
  return { status, data: (entry?.data ?? null) as ResultOf<M> | null, error: current ? entry.error : null, ms: entry?.ms ?? null };
}
