/**
 * Greek ladder: one underlying's Greeks bucketed by expiry × strike, in the what-if state, with per-expiry and
 * per-strike totals and heat colouring. A click on a bucket (or a total) filters the positions grid to its rows.
 */
import { ShowingBadge } from '../../components/ShowingBadge.tsx';
import { useMemo, useState } from 'react';
import type { LadderMeasure } from '../../engine/index.ts';
import { useAppStore } from '../../state/hooks.ts';
import { appStore } from '../../state/store.ts';
import { useRiskQuery } from '../../state/riskQuery.ts';
import { isZeroScenario } from '../../state/slices/scenarioSlice.ts';
import { NumberField } from '../../components/NumberField.tsx';
import { formatNumber } from '../../lib/format.ts';
import { describeScenario } from '../summary/summaryModel.ts';
import { ColourLegend, QueryStatus, TargetSelect, ToolbarGroup, ViewMessage, ViewToolbar } from '../heatmap/ViewKit.tsx';
import {
  LADDER_MEASURE_SPECS,
  LADDER_MEASURE_IDS,
  bucketFilterLabel,
  buildLadderTable,
  measureSpec,
  type LadderColumn,
} from './greekLadderModel.ts';

export function GreekLadderView() {
  const scenario = useAppStore((s) => s.scenario);
  const hasMarket = useAppStore((s) => s.market !== null);
  const [underlying, setUnderlying] = useState<string | null>(null);
  const [measure, setMeasure] = useState<LadderMeasure>('deltaUsd');
  const [bucket, setBucket] = useState<number | null>(null);
  const params = useMemo(() => ({ underlying, strikeBucketUsd: bucket }), [underlying, bucket]);
  const q = useRiskQuery('views', 'greekLadderView', params);
  const data = q.data;
  const ladder = data?.ladder ?? null;
  const table = useMemo(() => (ladder ? buildLadderTable(ladder, measure) : null), [ladder, measure]);

  const filter = (ids: readonly string[], row: string | null, col: LadderColumn | null) => {
    if (!table || ids.length === 0) return;
    const s = appStore.getState();
    const wanted = new Set(ids);
    const instruments = Object.fromEntries(s.portfolio.positions.filter((p) => wanted.has(p.id)).map((p) => [p.id, p.instrument]));
    s.setPositionFilter({ ids: [...ids], label: bucketFilterLabel(table.underlying, row, col), instruments });
    s.setActiveView('positions');
  };
  const spec = measureSpec(measure);

  return (
    <div className="risk-view ladder-view" data-testid="ladder-view">
      <ViewToolbar>
        <ToolbarGroup label="Underlying">
          <TargetSelect
            value={data?.underlying ?? null}
            options={data?.underlyings ?? []}
            onChange={setUnderlying}
            testId="ladder-underlying"
          />
        </ToolbarGroup>
        <ToolbarGroup label="Measure" title={spec.hint}>
          <select
            className="select"
            value={measure}
            onChange={(e) => setMeasure(e.target.value as LadderMeasure)}
            data-testid="ladder-measure"
            aria-label="Measure"
          >
            {LADDER_MEASURE_SPECS.map((m) => (
              <option key={m.id} value={m.id} title={m.hint}>
                {m.label} ({m.unit})
              </option>
            ))}
          </select>
        </ToolbarGroup>
        <ToolbarGroup label="Strike bucket" title="Width of each strike column, USD (buckets are [k·w, (k+1)·w))">
          <NumberField
            value={ladder?.strikeBucketUsd ?? data?.defaultBucketUsd ?? 0}
            onCommit={(w) => setBucket(w > 0 ? w : null)}
            ariaLabel="Strike bucket width (USD)"
            testId="ladder-bucket"
            min={0}
            digits={2}
          />
          <span className="unit">USD</span>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setBucket(null)}
            disabled={bucket === null}
            title={`About 5 % of the index, rounded: ${formatNumber(data?.defaultBucketUsd ?? null, 0)}`}
          >
            Default
          </button>
        </ToolbarGroup>
        {table ? <ColourLegend maxAbs={table.maxAbs} format={spec.format} palette="greek" negLabel="short" posLabel="long" /> : null}
        <span className="tb-spacer" />
        <ShowingBadge area="what-if" />
        <QueryStatus status={q.status} computeMs={data?.computeMs} roundTripMs={q.ms} testId="ladder-status" />
      </ViewToolbar>
      {q.error ? <div className="view-errors error-text">The ladder could not be computed: {q.error}</div> : null}
      {!hasMarket ? <ViewMessage>No market snapshot loaded.</ViewMessage> : null}
      {hasMarket && data && !ladder ? <ViewMessage testId="ladder-empty">The book has no priced positions.</ViewMessage> : null}

      {table ? (
        <div className="view-scroll">
          <div className="ladder-meta">
            <h3 className="view-section-title">
              {table.underlying} · {spec.label} <span className="unit">{spec.unit}</span> by expiry × strike
            </h3>
            <span className="muted">
              {isZeroScenario(scenario) ? 'at the snapshot’s marks' : `after the what-if: ${describeScenario(scenario)}`} · what-if trades
              included · click a bucket or a total to filter the positions
            </span>
          </div>
          <div className="heat-wrap">
            <table className="ladder-table" data-testid="ladder-table" data-measure={measure}>
              <thead>
                <tr>
                  <th className="row-head muted">Expiry ↓ · strike →</th>
                  {table.columns.map((c) => (
                    <th key={c.key} title={c.range ? `Strikes ${c.range} USD` : 'Futures, perpetuals and spot'}>
                      {c.label}
                      <span className="col-range">
                        {c.range
                          ? `to ${formatNumber(Number(c.key) + table.bucketUsd, Number.isInteger(table.bucketUsd) ? 0 : 2)}`
                          : 'fut · perp · spot'}
                      </span>
                    </th>
                  ))}
                  <th>Total</th>
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr key={r.key}>
                    <th className="row-head">{r.label}</th>
                    {r.cells.map((c) =>
                      c.value === null ? (
                        <td key={c.col} className="is-empty">
                          ·
                        </td>
                      ) : (
                        <td
                          key={c.col}
                          className="num is-bucket"
                          style={{ background: c.colour.background, color: c.colour.color }}
                          data-testid="ladder-cell"
                          data-row={r.key}
                          data-col={table.columns[c.col]!.key}
                          data-value={String(c.value)}
                          data-positions={String(c.ids.length)}
                          tabIndex={0}
                          title={`${c.ids.length} position${c.ids.length === 1 ? '' : 's'} · click to show them in the grid`}
                          onClick={() => filter(c.ids, r.key, table.columns[c.col]!)}
                          onKeyDown={(e) => {
                            if (e.key === 'Enter') filter(c.ids, r.key, table.columns[c.col]!);
                          }}
                        >
                          {c.text}
                        </td>
                      ),
                    )}
                    <td
                      className="num is-total is-bucket"
                      data-testid="ladder-row-total"
                      data-row={r.key}
                      data-value={String(r.total.value)}
                      onClick={() => filter(r.total.ids, r.key, null)}
                      title="All positions of this expiry"
                    >
                      {r.total.text}
                    </td>
                  </tr>
                ))}
                <tr className="total-row">
                  <th className="row-head">Total</th>
                  {table.colTotals.map((t, j) => (
                    <td
                      key={j}
                      className="num is-total is-bucket"
                      data-testid="ladder-col-total"
                      data-col={table.columns[j]!.key}
                      data-value={String(t.value)}
                      onClick={() => filter(t.ids, null, table.columns[j]!)}
                      title="All positions in this strike bucket"
                    >
                      {t.text}
                    </td>
                  ))}
                  <td
                    className="num is-total is-bucket"
                    data-testid="ladder-total"
                    data-value={String(table.total.value)}
                    onClick={() => filter(table.total.ids, null, null)}
                    title={`All ${table.underlying} positions`}
                  >
                    {table.total.text}
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
          {ladder ? (
            <table className="views-table ladder-totals" style={{ width: 'auto' }}>
              <thead>
                <tr>
                  <th className="left">{ladder.underlying} totals</th>
                  {LADDER_MEASURE_IDS.map((m) => (
                    <th key={m} title={measureSpec(m).hint}>
                      {measureSpec(m).label}
                      <span className="unit">{measureSpec(m).unit}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td className="left muted">all buckets</td>
                  {LADDER_MEASURE_IDS.map((m) => (
                    <td key={m} data-testid={`ladder-total-${m}`} data-value={String(ladder.total[m])}>
                      {measureSpec(m).format(ladder.total[m])}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          ) : null}
          <p className="view-foot muted small">
            Rows: expiries (futures in their expiry’s row; perpetuals and spot in their own row). Columns: strike buckets of{' '}
            {formatNumber(table.bucketUsd, 0)} USD (an option with strike K sits in [k·w, (k+1)·w)); delta-one instruments in their own
            column. Totals add up to the underlying’s aggregate Greeks in the summary (in the what-if state when a shock is set).
          </p>
        </div>
      ) : null}
    </div>
  );
}
