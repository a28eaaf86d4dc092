/** The solver's trades with their explanations and cost; apply them as what-if rows or commit them to the book. */
import { appStore } from '../../state/store.ts';
import type { QueryState } from '../../state/riskQuery.ts';
import type { HedgeSuggestResult } from '../../worker/api/hedgeApi.ts';
import { formatCoin, formatUsd } from '../../lib/format.ts';
import { checkRows, tradeQuantityText, tradesToPositions } from './suggestModel.ts';

interface Props {
  readonly query: QueryState<HedgeSuggestResult>;
  /** The result matches the current inputs (only then may it be applied). */
  readonly fresh: boolean;
}

function apply(result: HedgeSuggestResult, whatIf: boolean): void {
  if (!result.outcome.ok || result.outcome.trades.length === 0) return;
  const s = appStore.getState();
  const n = s.addPositions(tradesToPositions(result.outcome.trades, whatIf)).length;
  const rows = `${n} hedge trade${n === 1 ? '' : 's'}`;
  s.pushNotice({
    id: 'hedge-applied',
    level: 'info',
    text: whatIf
      ? `${rows} added as what-if rows (label “hedge”). Undo removes them.`
      : `${rows} committed to the book as real positions (label “hedge”). Undo removes them.`,
  });
}

export function TradesCard({ query, fresh }: Props) {
  const data = query.data;
  const outcome = data?.outcome ?? null;
  const trades = outcome?.ok ? outcome.trades : [];
  const canApply = fresh && trades.length > 0;
  return (
    <section className="hedge-card" aria-label="Suggested trades">
      <header className="hedge-card-head">
        <h3>Suggested trades</h3>
        <span className="hedge-status" data-testid="hedge-status" data-status={query.status}>
          {query.status === 'running' ? (
            <>
              <span className="status-dot status-running" /> solving…
            </>
          ) : query.ms !== null ? (
            `solved in ${Math.round(query.ms)} ms`
          ) : null}
        </span>
        <div className="hedge-actions">
          <button
            type="button"
            className="btn btn-wi"
            disabled={!canApply}
            data-testid="hedge-apply-whatif"
            title="Add the trades to the book as hypothetical rows (marked what-if, label “hedge”); one undo step"
            onClick={() => data && apply(data, true)}
          >
            Apply as what-if
          </button>
          <button
            type="button"
            className="btn"
            disabled={!canApply}
            data-testid="hedge-commit"
            title="Add the trades to the book as real positions (label “hedge”); one undo step"
            onClick={() => data && apply(data, false)}
          >
            Commit
          </button>
        </div>
      </header>
      {query.error ? (
        <div className="hedge-infeasible" role="alert">
          <div>
            <strong>The hedge could not be computed</strong>
            {query.error}
          </div>
        </div>
      ) : outcome === null ? (
        <div className="hedge-empty">Solving…</div>
      ) : !outcome.ok ? (
        <div className="hedge-infeasible" role="alert" data-testid="hedge-infeasible">
          <div>
            <strong>No hedge meets these targets</strong>
            <span data-testid="hedge-infeasible-reason">{outcome.reason}</span>
          </div>
        </div>
      ) : trades.length === 0 ? (
        <>
          <div className="hedge-ok" data-testid="hedge-no-trade">
            {outcome.misses.length === 0
              ? `The ${outcome.scopeLabel} already meets every target: no trade needed.`
              : 'No trade in whole exchange increments brings the targets closer.'}
          </div>
          <TargetMisses misses={outcome.misses} />
          <TargetChecks outcome={outcome} />
        </>
      ) : (
        <div className="hedge-card-body">
          <TargetMisses misses={outcome.misses} />
          <table className="hedge-table hedge-trades" data-testid="hedge-trades">
            <thead>
              <tr>
                <th className="left">Side</th>
                <th className="left">Instrument</th>
                <th title="Quantity of the row to add: USD notional for inverse futures and perpetuals, coin for options">Quantity</th>
                <th title="Signed coins of the underlying">
                  Size<span className="unit">coin</span>
                </th>
                <th title="Half spread plus taker fee">
                  Cost<span className="unit">USD</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {trades.flatMap((t) => [
                <tr key={t.instrument} data-testid="hedge-trade-row" data-instrument={t.instrument} data-quantity={t.quantity}>
                  <td className={t.side === 'buy' ? 'side-buy' : 'side-sell'}>{t.side === 'buy' ? 'BUY' : 'SELL'}</td>
                  <td className="inst">{t.instrument}</td>
                  <td className="num">{tradeQuantityText(t)}</td>
                  <td className="num">{formatCoin(t.quantityCoin, { signed: true })}</td>
                  <td className="num">{formatUsd(t.costUsd)}</td>
                </tr>,
                <tr key={`${t.instrument}-why`} className="why">
                  <td colSpan={5} data-testid="hedge-trade-explanation">
                    {t.explanation}
                  </td>
                </tr>,
              ])}
            </tbody>
          </table>
          <div className="hedge-total">
            <span className="muted">Total cost (half spread + fees)</span>
            <b className="num" data-testid="hedge-total-cost" data-value={outcome.totalCostUsd}>
              {formatUsd(outcome.totalCostUsd)} USD
            </b>
          </div>
          <TargetChecks outcome={outcome} />
        </div>
      )}
    </section>
  );
}

/** Every ticked target after the (rounded) trades, for the scope it applies to; targets missed named with the miss. */
function TargetChecks({ outcome }: { outcome: Extract<HedgeSuggestResult['outcome'], { ok: true }> }) {
  const rows = checkRows(outcome.checks);
  if (rows.length === 0) return null;
  return (
    <div className="hedge-checks">
      <div className="hedge-checks-head" data-testid="hedge-target-scope-label">
        Targets of the {outcome.scopeLabel}, after the trades
      </div>
      <table className="hedge-table" data-testid="hedge-checks">
        <thead>
          <tr>
            <th className="left">Target</th>
            <th title="The scope now">Before</th>
            <th title="The scope with the suggested trades (full revaluation)">After</th>
            <th className="left" title="The band asked for; delta gets half a contract of the hedge for rounding">
              Band
            </th>
            <th className="left">Unit</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-testid="hedge-check-row" data-key={r.key} data-met={r.met} data-after={r.afterValue}>
              <td className="measure">{r.label}</td>
              <td className="num">{r.before}</td>
              <td className="num">{r.after}</td>
              <td className="left">{r.band}</td>
              <td className="left unit">{r.unit}</td>
              <td className={r.met ? 'check-met' : 'check-miss'}>{r.met ? 'met' : 'missed'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The targets the trades miss, named with the miss (shown above the trades so they are not overlooked). */
function TargetMisses({ misses }: { misses: readonly string[] }) {
  if (misses.length === 0) return null;
  return (
    <div className="hedge-infeasible hedge-misses" role="alert" data-testid="hedge-target-misses">
      <div>
        <strong>Not every target is met after rounding to exchange increments</strong>
        {misses.map((m) => (
          <div key={m} data-testid="hedge-target-miss">
            {m}
          </div>
        ))}
      </div>
    </div>
  );
}
