/**
 * How feature views ask the engine for derived results (heatmaps, VaR, margin, …): `useRiskQuery` builds the
 * request from the store's inputs (book, market, overrides, what-if scenario) plus the view's own parameters,
 * sends it on the view's channel of the shared client (latest wins, stale results dropped), and returns the newest
 * result. Feature API methods all take `(inputs: BookInputs, scenario: Scenario, params)`, so the worker reuses its
 * cached market model and resolved book and only reprices. Components never talk to the worker directly.
 */
import { useEffect, useState } from 'react';
import type { Scenario } from '../domain/scenario.ts';
import type { BookInputs } from '../worker/bookCache.ts';
import { getRiskClient, isSupersededError, type Channel } from '../worker/riskClient.ts';
import type { RiskApi } from '../worker/riskApi.ts';
import { useAppStoreShallow } from './hooks.ts';
import { toEngineScenario } from './slices/scenarioSlice.ts';
import { bookKey, marketKey } from './riskRunner.ts';

/** Methods of the worker API with the feature signature (inputs, scenario, params). */
export type QueryMethod = {
  [K in keyof RiskApi]: RiskApi[K] extends (inputs: BookInputs, scenario: Scenario, params: never) => unknown ? K : never;
}[keyof RiskApi];

type ParamsOf<M extends QueryMethod> = RiskApi[M] extends (inputs: BookInputs, scenario: Scenario, params: infer P) => unknown ? P : never;
type ResultOf<M extends QueryMethod> = Awaited<ReturnType<RiskApi[M]>>;

export interface QueryState<T> {
  readonly status: 'idle' | 'running' | 'done' | 'error';
  readonly data: T | null;
  readonly error: string | null;
  /** Request-to-result time of the data shown, ms. */
  readonly ms: number | null;
}

/**
 * Follow the store's inputs with `method(inputs, scenario, params)` on `channel`.
 * @param params the view's parameters; `null` pauses the query (e.g. the view is hidden or not configured)
 * @param options.ignoreScenario compute on the base market whatever the what-if inputs are
 */
export function useRiskQuery<M extends QueryMethod>(
  channel: Channel,
  method: M,
  params: ParamsOf<M> | null,
  options: { readonly ignoreScenario?: boolean } = {},
): QueryState<ResultOf<M>> {
  const { portfolio, market, overrides, scenario } = useAppStoreShallow((s) => ({
    portfolio: s.portfolio,
    market: s.market,
    overrides: s.marketOverrides,
    scenario: s.scenario,
  }));
  const [state, setState] = useState<{ key: string | null; data: ResultOf<M> | null; error: string | null; ms: number | null }>({
    key: null,
    data: null,
    error: null,
    ms: null,
  });
  const paramsKey = params === null ? null : JSON.stringify(params);
  const ignoreScenario = options.ignoreScenario === true;
  // A base-market query must not re-run on every what-if step.
  const effectiveScenario = ignoreScenario ? null : scenario;
  // The request the current inputs call for; the view is "running" until a result (or error) for it arrives.
  const wantedKey =
    market && paramsKey !== null
      ? `${bookKey(portfolio)}|${marketKey(market, overrides)}|${effectiveScenario ? JSON.stringify(effectiveScenario) : ''}|${String(method)}|${paramsKey}`
      : null;

  useEffect(() => {
    if (!market || paramsKey === null || wantedKey === null) return;
    let live = true;
    const started = performance.now();
    const inputs: BookInputs = { portfolio, market, overrides, marketKey: marketKey(market, overrides), bookKey: bookKey(portfolio) };
    const engineScenario = effectiveScenario ? toEngineScenario(effectiveScenario) : {};
    const client = getRiskClient();
    (client.request as (c: Channel, m: M, a: unknown[]) => Promise<ResultOf<M>>)(channel, method, [
      inputs,
      engineScenario,
      JSON.parse(paramsKey),
    ]).then(
      (data) => {
        if (!live) return;
        const ms = performance.now() - started;
        try {
          performance.measure(`riskdeck:${String(method)}`, { start: started, end: performance.now() });
        } catch {
          // diagnostics only
        }
        setState({ key: wantedKey, data, error: null, ms });
      },
      (e: unknown) => {
        if (!live || isSupersededError(e)) return;
        setState((s) => ({ ...s, key: wantedKey, error: e instanceof Error ? e.message : String(e) }));
      },
    );
    return () => {
      live = false;
    };
  }, [channel, method, paramsKey, portfolio, market, overrides, effectiveScenario, wantedKey]);

  const status: QueryState<ResultOf<M>>['status'] =
    wantedKey === null ? 'idle' : state.key !== wantedKey ? 'running' : state.error !== null ? 'error' : 'done';
  return { status, data: state.data, error: state.key === wantedKey ? state.error : null, ms: state.ms };
}
