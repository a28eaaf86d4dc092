import { memo, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, formatUsd } from '../../lib/format.ts';
import type { Position } from '../../domain/position.ts';
import type { VarPanelReport } from '../../worker/api/varApi.ts';
import { compactUsd, componentsModel, type ComponentRow, type SumCheck } from './varModel.ts';

const AXIS = { stroke: '#2f3d52', tickLine: false, tick: { fontSize: 11, fill: '#7f8ea3' } } as const;

function RowTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: ComponentRow }[] }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div className="var-tooltip">
      <div className="tt-head">{row.label}</div>
      <div className="tt-row">
        <span>component VaR</span>
        <span>{formatUsd(row.varUsd, { digits: 0 })} USD</span>
      </div>
      <div className="tt-row">
        <span>component ES</span>
        <span>{formatUsd(row.esUsd, { digits: 0 })} USD</span>
      </div>
      <div className="tt-row">
        <span>share of VaR</span>
        <span>{formatNumber(row.shareOfVar * 100, 1)} %</span>
      </div>
    </div>
  );
}

function Check({ name, check, testId }: { name: string; check: SumCheck; testId: string }) {
  return (
    <span
      data-testid={testId}
      data-ok={check.ok}
      data-sum={check.sum}
      data-total={check.total}
      title={`total − Σ components = ${check.difference.toExponential(2)} USD`}
    >
      Σ {name} {formatUsd(check.sum, { digits: 0 })} = {formatUsd(check.total, { digits: 0 })}{' '}
      <span className={check.ok ? 'ok' : 'bad'}>{check.ok ? '✓' : `✗ (${formatUsd(check.difference, { digits: 2 })})`}</span>
    </span>
  );
}

/** Euler component VaR and ES per underlying or per position, with the check that they add up to the totals. */
export const ComponentsChart = memo(function ComponentsChart({
  report,
  positions,
}: {
  report: VarPanelReport;
  positions: readonly Position[];
}) {
  const [by, setBy] = useState<'underlying' | 'position'>('underlying');
  const m = useMemo(() => componentsModel(report.components, report.varUsd, report.esUsd, 12, positions), [report, positions]);
  const showPositions = by === 'position' && m.byPosition !== null;
  const rows = showPositions ? m.byPosition! : m.byUnderlying;
  const varCheck = showPositions ? m.positionVarCheck! : m.underlyingVarCheck;
  const esCheck = showPositions ? m.positionEsCheck! : m.underlyingEsCheck;
  const height = Math.max(150, 44 + rows.length * (showPositions ? 24 : 40));
  return (
    <section className="var-box" aria-label="Component VaR" data-testid="var-components" data-by={by} data-rule={m.rule}>
      <header className="var-box-head">
        <h3>Component VaR</h3>
        <span
          className="var-box-sub"
          title={
            m.rule === 'scenario'
              ? 'Euler allocation of a scenario VaR: each part’s P&L in the VaR scenario (ES: mean over the tail scenarios)'
              : 'Euler allocation of a parametric VaR: δ·∂VaR/∂δ (+ γ·∂VaR/∂γ)'
          }
        >
          Euler, {m.rule === 'scenario' ? 'contribution in the VaR scenario' : 'δ·∂VaR/∂δ'}
        </span>
        <span className="var-tabs" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={by === 'underlying'}
            className={`var-tab${by === 'underlying' ? ' is-on' : ''}`}
            onClick={() => setBy('underlying')}
            data-testid="var-components-by-underlying"
          >
            per underlying
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={by === 'position'}
            className={`var-tab${by === 'position' ? ' is-on' : ''}`}
            onClick={() => setBy('position')}
            disabled={m.byPosition === null}
            data-testid="var-components-by-position"
          >
            per position ({m.positionCount})
          </button>
        </span>
      </header>
      <div className="var-box-body">
        <div style={{ height, maxHeight: 420, overflowY: 'auto' }}>
          <ResponsiveContainer width="100%" height={height}>
            <BarChart
              data={rows as ComponentRow[]}
              layout="vertical"
              margin={{ top: 4, right: 14, bottom: 0, left: 4 }}
              barGap={1}
              barCategoryGap={showPositions ? 3 : 8}
            >
              <CartesianGrid stroke="#1b2534" horizontal={false} />
              <XAxis type="number" {...AXIS} tickFormatter={compactUsd} />
              <YAxis
                type="category"
                dataKey="label"
                {...AXIS}
                width={showPositions ? 168 : 54}
                interval={0}
                tick={{ fontSize: showPositions ? 10.5 : 12, fill: '#d5dde8' }}
              />
              <ReferenceLine x={0} stroke="#3d4f69" />
              <Tooltip content={<RowTooltip />} cursor={{ fill: 'rgba(74,163,255,0.08)' }} />
              <Legend wrapperStyle={{ fontSize: 11 }} iconSize={9} itemSorter={null} />
              <Bar dataKey="varUsd" name="VaR" fill="#f2b84b" isAnimationActive={false} />
              <Bar dataKey="esUsd" name="ES" fill="#ff6464" fillOpacity={0.75} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <div className="var-check-line">
          <Check name="VaR" check={varCheck} testId="var-component-check" />
          <Check name="ES" check={esCheck} testId="var-component-check-es" />
          {showPositions && m.byPosition!.some((r) => r.key === 'other') ? (
            <span>top {m.byPosition!.length - 1} by |VaR| shown; the rest summed</span>
          ) : null}
        </div>
      </div>
    </section>
  );
});
