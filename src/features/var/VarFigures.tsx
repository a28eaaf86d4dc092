import { memo } from 'react';
import { Metric } from '../../components/Metric.tsx';
import { formatUsd, formatUsdWithSymbol } from '../../lib/format.ts';
import type { VarPanelData } from '../../worker/api/varApi.ts';
import { confidenceLabel, horizonLabel, methodLabel, observationsLabel, ordinal, quantileMethodLabel, volModelLabel } from './varModel.ts';

const usd = (x: number) => formatUsdWithSymbol(x, { digits: 0 });
/** The reason without its parenthesised figures (they stay in the tooltip). */
const shortReason = (reason: string) => reason.replace(/\s*\(.*\)$/, '');
const signedUsd = (x: number) => formatUsd(x, { digits: 0, signed: true });

/** VaR, ES and FRTB ES cards, the model card, and incremental VaR of the what-if trades. */
export const VarFigures = memo(function VarFigures({ data, stale }: { data: VarPanelData; stale: boolean }) {
  const r = data.report;
  const conf = confidenceLabel(r.confidence);
  const horizon = r.horizonDays === 1 ? '1 day' : `${r.horizonDays} days`;
  const inc = data.incremental;
  return (
    <div className={`var-figures${stale ? ' is-stale' : ''}`} aria-busy={stale}>
      <div
        className="var-card is-main"
        title="Value at Risk: the loss not exceeded with this confidence over the horizon (positive = loss)"
      >
        <div className="card-label">
          VaR {conf} · {horizon} <span className="unit">USD</span>
        </div>
        <Metric testId="metric-var-usd" value={r.varUsd} format={usd} className="card-value" />
        <div className="card-sub">
          {r.varScenario?.date
            ? `the ${ordinal(r.tailCount ?? 1)} worst day: ${r.varScenario.date}`
            : r.method === 'montecarlo'
              ? `the ${ordinal(r.tailCount ?? 1)} worst of ${r.observations.toLocaleString('en-US')} paths`
              : r.deltaGamma
                ? r.quantileMethod === 'fourier-inversion'
                  ? `exact quantile at ${conf}`
                  : `Cornish-Fisher quantile at ${conf}`
                : `z·σ at ${conf}`}
        </div>
      </div>
      <div className="var-card is-es" title="Expected Shortfall: the mean loss beyond VaR, same confidence and horizon">
        <div className="card-label">
          ES {conf} · {horizon} <span className="unit">USD</span>
        </div>
        <Metric testId="metric-es-usd" value={r.esUsd} format={usd} className="card-value" />
        <div className="card-sub">{r.tailCount ? `mean of the ${r.tailCount} largest losses` : 'mean loss beyond VaR'}</div>
      </div>
      <div className="var-card is-frtb" title="FRTB (Basel IMA) measures Expected Shortfall at 97.5 %: shown beside the chosen confidence">
        <div className="card-label">
          ES 97.5 % FRTB <span className="unit">USD</span>
        </div>
        <Metric testId="metric-es975-usd" value={r.es975Usd} format={usd} className="card-value" />
        <div className="card-sub">same method and horizon</div>
      </div>
      <div
        className="var-card var-model"
        data-testid="var-model"
        data-vol-model={r.volModel}
        data-dvol-days={r.dvolDays}
        data-observations={r.observations}
      >
        <dl>
          <dt>Method</dt>
          <dd>{methodLabel(r)}</dd>
          {r.quantileMethod ? (
            <>
              <dt>Quantile</dt>
              <dd
                data-testid="var-quantile-method"
                data-method={r.quantileMethod}
                title={r.parametric?.quantileMethodReason ? `Not Cornish-Fisher because ${r.parametric.quantileMethodReason}` : undefined}
              >
                {quantileMethodLabel(r.quantileMethod)}
                {r.parametric?.quantileMethodReason ? (
                  <span className="var-quantile-why"> · because {shortReason(r.parametric.quantileMethodReason)}</span>
                ) : null}
              </dd>
            </>
          ) : null}
          <dt>Horizon</dt>
          <dd>{horizonLabel(r)}</dd>
          <dt>Data</dt>
          <dd title={observationsLabel(r)}>{observationsLabel(r)}</dd>
          <dt>Vols</dt>
          <dd className={r.volModel === 'dvol' ? 'vol-dvol' : ''} data-testid="var-vol-model" title={volModelLabel(r)}>
            {volModelLabel(r)}
          </dd>
        </dl>
      </div>
      <div className="var-card var-inc" data-testid="var-incremental" data-what-if={data.whatIfCount}>
        <div className="card-label" title="VaR(book with the what-if trades) − VaR(book without them): same method, window and seed">
          Incremental VaR · {data.whatIfCount} what-if trade{data.whatIfCount === 1 ? '' : 's'}
        </div>
        {inc ? (
          <table>
            <thead>
              <tr>
                <th />
                <th>VaR</th>
                <th>ES</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th>with</th>
                <td className="num">{formatUsd(inc.varWithUsd, { digits: 0 })}</td>
                <td className="num">{formatUsd(inc.esWithUsd, { digits: 0 })}</td>
              </tr>
              <tr>
                <th>without</th>
                <td className="num">{formatUsd(inc.varWithoutUsd, { digits: 0 })}</td>
                <td className="num">{formatUsd(inc.esWithoutUsd, { digits: 0 })}</td>
              </tr>
              <tr className="inc-row">
                <th>incremental</th>
                <td className={`num tone-${inc.incrementalVarUsd > 0 ? 'neg' : inc.incrementalVarUsd < 0 ? 'pos' : 'flat'}`}>
                  <Metric testId="metric-incremental-var-usd" value={inc.incrementalVarUsd} format={signedUsd} />
                </td>
                <td className={`num tone-${inc.incrementalEsUsd > 0 ? 'neg' : inc.incrementalEsUsd < 0 ? 'pos' : 'flat'}`}>
                  <Metric testId="metric-incremental-es-usd" value={inc.incrementalEsUsd} format={signedUsd} />
                </td>
              </tr>
            </tbody>
          </table>
        ) : (
          <div className="card-sub">
            No active what-if trade. Rows added by hand in the positions grid are what-ifs: their VaR with and without appears here.
          </div>
        )}
      </div>
    </div>
  );
});
