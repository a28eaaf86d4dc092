/**
 * The VaR panel's data: builds the wanted job from the store's inputs (book, market, overrides) and the tab's
 * settings, hands it to the module's VarRunner (which sequences VaR → backtest on the `var` channel and runs Monte
 * Carlo on the worker pool), and returns the runner's state. VaR is computed on the base market: the what-if
 * *shocks* do not enter (see worker/api/varApi.ts for why), the what-if *trades* do, and incremental VaR isolates
 * them.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useAppStoreShallow } from '../../state/hooks.ts';
import { bookKey, marketKey } from '../../state/riskRunner.ts';
import { getRiskClient } from '../../worker/riskClient.ts';
import { MAX_POOL_SIZE, clampPoolSize, getVarPool } from '../../worker/varPool.ts';
import type { BookInputs } from '../../worker/bookCache.ts';
import { getGpuBackend, type GpuAdapterSummary } from '../../gpu/gpuBackend.ts';
import { VarRunner, type VarJob, type VarRunnerState } from './varRunner.ts';
import { isMonteCarlo, normalizeSettings, toBacktestParams, toVarParams, type VarSettings } from './varModel.ts';

let runner: VarRunner | null = null;

/** The page's runner (created on first use, so importing this module starts nothing). */
export function getVarRunner(): VarRunner {
  runner ??= new VarRunner(getRiskClient(), getVarPool(), { gpu: getGpuBackend() });
  return runner;
}

/** Where the bundled histories live, resolved against the page (a worker's own URL is under assets/). */
export function historyBaseUrl(): string {
  return new URL('./data/history/', document.baseURI).href;
}

/** Most pool workers this machine offers. */
export function maxPoolWorkers(): number {
  return clampPoolSize(MAX_POOL_SIZE);
}

export interface VarPanel {
  readonly state: VarRunnerState;
  /** The settings actually computed (clamped into range). */
  readonly effective: VarSettings;
  readonly hasMarket: boolean;
  readonly cancel: () => void;
  readonly rerun: () => void;
}

export function useVarPanel(settings: VarSettings): VarPanel {
  const r = getVarRunner();
  const state = useSyncExternalStore(r.subscribe, r.getState);
  const { portfolio, market, overrides } = useAppStoreShallow((s) => ({
    portfolio: s.portfolio,
    market: s.market,
    overrides: s.marketOverrides,
  }));
  const settingsJson = JSON.stringify(normalizeSettings(settings, maxPoolWorkers()));
  const effective = useMemo(() => JSON.parse(settingsJson) as VarSettings, [settingsJson]);

  const job = useMemo((): VarJob | null => {
    if (!market) return null;
    const historyUrl = historyBaseUrl();
    const mk = marketKey(market, overrides);
    const bk = bookKey(portfolio);
    const inputs: BookInputs = { portfolio, market, overrides, marketKey: mk, bookKey: bk };
    const varParams = toVarParams(effective, historyUrl);
    const backtestParams = toBacktestParams(effective, historyUrl);
    return {
      inputs,
      // The backend is part of the key: switching it reruns (same figures, another speed).
      varKey: `${bk}|${mk}|${JSON.stringify(varParams)}${isMonteCarlo(effective.method) ? `|${effective.backend ?? 'auto'}` : ''}`,
      varParams,
      pooled: isMonteCarlo(effective.method),
      poolSize: effective.workers,
      backend: effective.backend ?? 'auto',
      backtestKey: `${bk}|${mk}|${JSON.stringify(backtestParams)}`,
      backtestParams,
    };
  }, [portfolio, market, overrides, effective]);

  useEffect(() => {
    r.attach();
    return () => r.detach();
  }, [r]);

  useEffect(() => {
    if (job) r.update(job);
  }, [r, job]);

  return { state, effective, hasMarket: market !== null, cancel: () => r.cancel(), rerun: () => r.rerun() };
}

/** WebGPU availability for the backend picker: undefined while asking, then the adapter or null. */
export function useGpuAvailability(ask: boolean): GpuAdapterSummary | null | undefined {
  const [adapter, setAdapter] = useState<GpuAdapterSummary | null | undefined>(undefined);
  useEffect(() => {
    if (!ask) return;
    let live = true;
    void getGpuBackend()
      .available()
      .then((a) => {
        if (live) setAdapter(a);
      });
    return () => {
      live = false;
    };
  }, [ask]);
  return adapter;
}
