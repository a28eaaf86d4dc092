/**
 * The bridge from store inputs to engine outputs: whenever the book, the market (or its overrides) or the what-if
 * inputs change, ask the worker for a new report and put it in the results slice. Components never call the worker.
 *
 * Changes made in one tick (e.g. a new market and a new book) are batched into one request; the client's `latest`
 * channel then keeps at most one report in flight, so a slider drag never queues up work.
 */
import type { AppStore } from './store.ts';
import type { AppState } from './appState.ts';
import { toEngineScenario } from './slices/scenarioSlice.ts';
import { isSupersededError, type RiskClient } from '../worker/riskClient.ts';

export type RiskClientLike = Pick<RiskClient, 'request' | 'subscribe'>;

type Inputs = Pick<AppState, 'portfolio' | 'market' | 'marketOverrides' | 'scenario'>;

function inputsOf(s: AppState): Inputs {
  return { portfolio: s.portfolio, market: s.market, marketOverrides: s.marketOverrides, scenario: s.scenario };
}

function sameInputs(a: Inputs, b: Inputs): boolean {
  return a.portfolio === b.portfolio && a.market === b.market && a.marketOverrides === b.marketOverrides && a.scenario === b.scenario;
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

function idOf(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(o, id);
  }
  return id;
}

/** Identity of (market, overrides) for the worker's model cache: both are replaced, never mutated, on change. */
export function marketKey(market: object, overrides: object): string {
  return `${idOf(market)}:${idOf(overrides)}`;
}

/** Identity of the book for the worker's resolved-book cache: every book command replaces the portfolio object. */
export function bookKey(portfolio: object): string {
  return String(idOf(portfolio));
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Starts following the store; returns a stop function. */
export function startRiskRunner(store: AppStore, client: RiskClientLike): () => void {
  let last: Inputs | null = null;
  let scheduled = false;
  let stopped = false;
  let lastMarketListed: AppState['market'] = null;

  const runReport = () => {
    scheduled = false;
    if (stopped) return;
    const s = store.getState();
    const { market } = s;
    if (!market) return;
    const started = performance.now();
    s.markResultsRunning();
    client
      .request('report', 'computeReport', [
        s.portfolio,
        market,
        s.marketOverrides,
        toEngineScenario(s.scenario),
        marketKey(market, s.marketOverrides),
        bookKey(s.portfolio),
      ])
      .then(
        (report) => {
          if (stopped) return;
          const ms = performance.now() - started;
          measure(started);
          store.getState().receiveReport(report, ms);
        },
        (e: unknown) => {
          if (stopped || isSupersededError(e)) return;
          store.getState().failResults(`The risk engine could not value the book: ${errorText(e)}`);
        },
      );
  };

  const listInstruments = (market: NonNullable<AppState['market']>) => {
    client.request('meta', 'listMarketInstruments', [market]).then(
      (list) => {
        if (!stopped && store.getState().market === market) store.getState().setMarketInstruments(list);
      },
      () => undefined, // the picker then simply offers no suggestions; valuation errors surface via the report
    );
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(runReport);
  };

  const onChange = (s: AppState) => {
    const next = inputsOf(s);
    if (last && sameInputs(last, next)) return;
    last = next;
    if (s.market && s.market !== lastMarketListed) {
      lastMarketListed = s.market;
      listInstruments(s.market);
    }
    schedule();
  };

  const unsubscribeStore = store.subscribe(onChange);
  const unsubscribeClient = client.subscribe((event) => {
    const { pushNotice } = store.getState();
    if (event.type === 'crashed') {
      pushNotice({
        id: 'worker-crash',
        level: 'warning',
        text: `The risk engine stopped unexpectedly (${event.message}) and was restarted; the figures were recomputed.`,
      });
    } else {
      pushNotice({
        id: 'worker-fallback',
        level: 'warning',
        text: `Background workers are unavailable (${event.message}); the engine now runs on the page itself, which may feel slower on large books.`,
      });
    }
    schedule(); // whatever was on screen may predate the crash
  });
  onChange(store.getState());

  return () => {
    stopped = true;
    unsubscribeStore();
    unsubscribeClient();
  };
}

let measureCount = 0;

/** A performance measure per report, so an e2e run can read the page's own timings for a slider drag. */
function measure(started: number): void {
  try {
    // Bounded: a long session of drags must not grow the performance timeline forever.
    if (++measureCount % 2000 === 0) performance.clearMeasures('riskdeck:report');
    performance.measure('riskdeck:report', { start: started, end: performance.now() });
  } catch {
    // measures are diagnostics only
  }
}
