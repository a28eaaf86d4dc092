/**
 * Exposure heatmaps: P&L over spot moves × vol shifts and spot moves × days forward, for one underlying (the others
 * at their what-if moves) or all underlyings together. Computed in the worker on every what-if step; a click on a
 * cell makes it the what-if scenario.
 */
import { ShowingBadge } from '../../components/ShowingBadge.tsx';
import { useMemo, useState } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { appStore } from '../../state/store.ts';
import { useRiskQuery } from '../../state/riskQuery.ts';
import type { ScenarioInputs } from '../../state/slices/scenarioSlice.ts';
import type { HeatmapResult } from '../../engine/index.ts';
import { formatNumber, formatPrice, formatUsd } from '../../lib/format.ts';
import { AxisInputs, ColourLegend, CommitText, QueryStatus, TargetSelect, ToolbarGroup, ViewMessage, ViewToolbar } from './ViewKit.tsx';
import {
  DEFAULT_HEATMAP_CONFIG,
  buildHeatmapGrid,
  currentSpotPct,
  describeCell,
  greekLines,
  heatmapParams,
  scenarioForCell,
  type HeatmapCellModel,
  type HeatmapConfig,
  type HeatmapGridModel,
} from './heatmapModel.ts';
import { formatCompact } from './viewMath.ts';

interface Hover {
  readonly axis: 'vol' | 'days';
  readonly cell: HeatmapCellModel;
  readonly rect: { left: number; right: number; top: number; bottom: number };
}

const usd = (x: number) => formatCompact(x, { signed: true });

export function HeatmapView() {
  const scenario = useAppStore((s) => s.scenario);
  const hasMarket = useAppStore((s) => s.market !== null);
  const [config, setConfig] = useState<HeatmapConfig>(DEFAULT_HEATMAP_CONFIG);
  const [hover, setHover] = useState<Hover | null>(null);
  const { params, errors } = useMemo(() => heatmapParams(config), [config]);
  const q = useRiskQuery('views', 'heatmapView', params);
  const data = q.data;
  const target = data?.target ?? null;
  const indexUsd = target && target !== 'ALL' ? (data?.indexUsd[target] ?? null) : null;

  const grids = useMemo(() => {
    if (!data || !target) return null;
    const spot = currentSpotPct(scenario, target, data.underlyings);
    const make = (r: HeatmapResult | null, rowValue: number) => (r ? buildHeatmapGrid(r, { spotPct: spot, rowValue }, indexUsd) : null);
    return { spotVol: make(data.spotVol, scenario.volPts), spotDays: make(data.spotDays, scenario.days) };
  }, [data, target, scenario, indexUsd]);

  const apply = (axis: 'vol' | 'days', cell: HeatmapCellModel) => {
    if (!data || !target) return;
    const s = appStore.getState();
    s.applyScenario(scenarioForCell(s.scenario, target, data.underlyings, axis, cell.spotPct, cell.rowValue));
  };

  const others = data && target && target !== 'ALL' ? data.underlyings.filter((u) => u !== target) : [];
  const othersText = others.map((u) => `${u} ${formatNumber(scenario.spotPct[u] ?? 0, 1, { signed: true })} %`).join(', ');

  return (
    <div className="risk-view heatmap-view" data-testid="heatmap-view" onMouseLeave={() => setHover(null)}>
      <ViewToolbar>
        <ToolbarGroup label="Move" title="The underlying the spot axis moves; 'All together' moves every underlying by the same %">
          <TargetSelect
            value={target}
            options={data?.underlyings ?? []}
            allowAll
            onChange={(t) => setConfig((c) => ({ ...c, target: t }))}
            testId="heatmap-target"
          />
        </ToolbarGroup>
        <ToolbarGroup label="Spot" title="Columns: relative spot moves of the target, percent">
          <AxisInputs
            spec={config.spot}
            onChange={(spot) => setConfig((c) => ({ ...c, spot }))}
            name="Spot"
            unit="%"
            testId="heatmap-spot"
          />
        </ToolbarGroup>
        <ToolbarGroup label="Vol" title="Rows of the first heatmap: parallel vol shifts, vol points">
          <AxisInputs spec={config.vol} onChange={(vol) => setConfig((c) => ({ ...c, vol }))} name="Vol" unit="pts" testId="heatmap-vol" />
        </ToolbarGroup>
        <ToolbarGroup label="Days" title="Rows of the second heatmap: days forward (comma-separated); applied on Enter">
          <CommitText
            value={config.daysText}
            onCommit={(daysText) => setConfig((c) => ({ ...c, daysText }))}
            ariaLabel="Days forward (comma-separated)"
            testId="heatmap-days"
            width={130}
          />
        </ToolbarGroup>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setConfig((c) => ({ ...DEFAULT_HEATMAP_CONFIG, target: c.target }))}
          title="Spot −30 … +30 % by 5, vol −20 … +20 pts by 5, days 0 1 3 7 14 30"
        >
          Default ranges
        </button>
        <span className="tb-spacer" />
        <ShowingBadge area="what-if" />
        <QueryStatus status={q.status} computeMs={data?.computeMs} roundTripMs={q.ms} testId="heatmap-status" />
      </ViewToolbar>

      {errors.length > 0 ? <div className="view-errors warn-text">{errors.join(' · ')}</div> : null}
      {q.error ? <div className="view-errors error-text">The heatmap could not be computed: {q.error}</div> : null}
      {!hasMarket ? <ViewMessage>No market snapshot loaded.</ViewMessage> : null}
      {hasMarket && data && !target ? <ViewMessage testId="heatmap-empty">The book has no priced positions to shock.</ViewMessage> : null}

      <div className="view-scroll">
        {grids?.spotVol && target ? (
          <HeatmapSection
            title="P&L · spot move × vol shift"
            subtitle={`at +${formatNumber(scenario.days, Number.isInteger(scenario.days) ? 0 : 1)} d${othersText ? `, ${othersText}` : ''} (from the what-if)`}
            grid={grids.spotVol}
            target={target}
            indexUsd={indexUsd}
            scenario={scenario}
            cornerLabel="vol pts ↓  spot →"
            testId="heatmap-cell"
            onHover={setHover}
            onApply={apply}
          />
        ) : null}
        {grids?.spotDays && target ? (
          <HeatmapSection
            title="P&L · spot move × days forward"
            subtitle={`at vol ${formatNumber(scenario.volPts, 1, { signed: true })} pts${othersText ? `, ${othersText}` : ''} (from the what-if)`}
            grid={grids.spotDays}
            target={target}
            indexUsd={indexUsd}
            scenario={scenario}
            cornerLabel="days ↓  spot →"
            testId="heatmap-days-cell"
            onHover={setHover}
            onApply={apply}
          />
        ) : null}
        {grids ? (
          <p className="view-foot muted small">
            P&amp;L in USD against the book today (no shock), full revaluation on the snapshot’s sticky-strike smiles; what-if trades
            included. Each cell replaces the {target === 'ALL' ? 'spot moves of every underlying' : `${target} spot move`} and the row’s vol
            shift or days; everything else is the what-if scenario. Click a cell to make it the what-if.
          </p>
        ) : null}
      </div>
      {hover && target ? <CellTooltip hover={hover} target={target} indexUsd={indexUsd} scenario={scenario} /> : null}
    </div>
  );
}

interface SectionProps {
  readonly title: string;
  readonly subtitle: string;
  readonly grid: HeatmapGridModel;
  readonly target: string;
  readonly indexUsd: number | null;
  readonly scenario: ScenarioInputs;
  readonly cornerLabel: string;
  readonly testId: 'heatmap-cell' | 'heatmap-days-cell';
  readonly onHover: (h: Hover | null) => void;
  readonly onApply: (axis: 'vol' | 'days', cell: HeatmapCellModel) => void;
}

function HeatmapSection({ title, subtitle, grid, target, indexUsd, scenario, cornerLabel, testId, onHover, onApply }: SectionProps) {
  const worst = grid.worst;
  const currentCol = grid.cells.flat().find((c) => c.isCurrent || c.isNearCurrent)?.col ?? -1;
  const currentRow = grid.cells.flat().find((c) => c.isCurrent || c.isNearCurrent)?.row ?? -1;
  return (
    <section className="heat-section" data-testid={`${testId === 'heatmap-cell' ? 'heatmap-spot-vol' : 'heatmap-spot-days'}`}>
      <header className="heat-head">
        <div>
          <h3>{title}</h3>
          <div className="muted small">{subtitle}</div>
        </div>
        {worst ? (
          <div className="heat-worst" data-testid={`${testId}-worst`} data-pnl={String(worst.pnlUsd)}>
            <span className="worst-tag">worst</span>{' '}
            <b className={worst.pnlUsd < 0 ? 'tone-neg' : 'tone-pos'}>{formatUsd(worst.pnlUsd, { digits: 0, signed: true })}</b>{' '}
            <span className="muted">at {describeCell(target, worst, grid.axis, scenario, indexUsd)}</span>
          </div>
        ) : null}
        <ColourLegend maxAbs={grid.maxAbsUsd} format={usd} palette="pnl" />
      </header>
      <div className="heat-wrap">
        <table className="heat-table">
          <thead>
            <tr>
              <th className="heat-corner">{cornerLabel}</th>
              {grid.columns.map((c, i) => (
                <th key={c.spotPct} className={i === currentCol ? 'is-current-axis' : undefined}>
                  <div>{c.label}</div>
                  {c.spotUsd !== null ? <div className="heat-spot muted">{formatPrice(c.spotUsd)}</div> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.rows.map((r, ri) => (
              <tr key={r.value}>
                <th className={`heat-rowhead${grid.cells[ri]![0]!.row === currentRow ? ' is-current-axis' : ''}`}>{r.label}</th>
                {grid.cells[ri]!.map((cell) => (
                  <td
                    key={cell.col}
                    className={`heat-cell${cell.isWorst ? ' is-worst' : ''}${cell.isCurrent ? ' is-current' : ''}${cell.isNearCurrent ? ' is-near-current' : ''}`}
                    style={{ background: cell.colour.background, color: cell.colour.color }}
                    data-testid={testId}
                    data-spot={String(cell.spotPct)}
                    {...(grid.axis === 'vol'
                      ? { 'data-vol': String(cell.rowValue) }
                      : { 'data-days': String(cell.rowValue), 'data-vol': String(scenario.volPts) })}
                    data-pnl={String(cell.pnlUsd)}
                    {...(cell.isWorst ? { 'data-worst': 'true' } : {})}
                    {...(cell.isCurrent ? { 'data-current': 'true' } : {})}
                    tabIndex={0}
                    aria-label={`${formatUsd(cell.pnlUsd, { digits: 0, signed: true })} USD at ${describeCell(target, cell, grid.axis, scenario, indexUsd)}`}
                    onMouseEnter={(e) => {
                      const b = e.currentTarget.getBoundingClientRect();
                      onHover({ axis: grid.axis, cell, rect: { left: b.left, right: b.right, top: b.top, bottom: b.bottom } });
                    }}
                    onMouseLeave={() => onHover(null)}
                    onClick={() => onApply(grid.axis, cell)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onApply(grid.axis, cell);
                      }
                    }}
                  >
                    {cell.text}
                    {cell.isWorst ? <span className="cell-tag worst">worst</span> : null}
                    {cell.isCurrent ? <span className="cell-tag current">what-if</span> : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CellTooltip({
  hover,
  target,
  indexUsd,
  scenario,
}: {
  readonly hover: Hover;
  readonly target: string;
  readonly indexUsd: number | null;
  readonly scenario: ScenarioInputs;
}) {
  const { cell, rect, axis } = hover;
  const width = 260;
  const left = rect.right + 10 + width > window.innerWidth ? Math.max(4, rect.left - width - 10) : rect.right + 10;
  const top = Math.min(rect.top, window.innerHeight - 220);
  return (
    <div className="heat-tooltip" style={{ left, top, width }} data-testid="heatmap-tooltip" role="tooltip">
      <div className="tt-title">{describeCell(target, cell, axis, scenario, indexUsd)}</div>
      <div className="tt-row">
        <span>
          P&amp;L <span className="unit">USD</span>
        </span>
        <b className={cell.pnlUsd < 0 ? 'tone-neg' : cell.pnlUsd > 0 ? 'tone-pos' : ''}>
          {formatUsd(cell.pnlUsd, { digits: 0, signed: true })}
        </b>
      </div>
      <div className="tt-sub muted">{target === 'ALL' ? 'Greeks summed over underlyings' : `${target} Greeks`} at this point</div>
      {greekLines(cell.greeks, target).map((l) => (
        <div className="tt-row" key={`${l.label}-${l.unit}`}>
          <span>
            {l.label} <span className="unit">{l.unit}</span>
          </span>
          <span className="num">{l.value}</span>
        </div>
      ))}
      <div className="tt-foot muted">{cell.isWorst ? 'Worst cell of the grid · ' : ''}click to apply as the what-if</div>
    </div>
  );
}
