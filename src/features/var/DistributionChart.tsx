import { memo, useMemo } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, formatUsd } from '../../lib/format.ts';
import type { VarPanelReport } from '../../worker/api/varApi.ts';
import {
  compactUsd,
  densityDisplayCap,
  exactDensity,
  histogramRows,
  parametricDensity,
  type DensityPoint,
  type HistogramRow,
} from './varModel.ts';

const AXIS = { stroke: '#2f3d52', tickLine: false, tick: { fontSize: 11, fill: '#7f8ea3' } } as const;
const VAR_COLOUR = '#f2b84b';
const ES_COLOUR = '#ff6464';
const BODY = '#3b6ea8';
const TAIL = '#c4474f';

function HistTooltip({ active, payload, unit }: { active?: boolean; payload?: readonly { payload?: HistogramRow }[]; unit: string }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div className="var-tooltip">
      <div className="tt-head">
        P&amp;L {formatUsd(row.lo, { digits: 0 })} … {formatUsd(row.hi, { digits: 0 })} USD
      </div>
      <div className="tt-row">
        <span>{unit}</span>
        <span>
          {row.count.toLocaleString('en-US')} ({formatNumber(row.share * 100, 1)} %)
        </span>
      </div>
      {row.tail ? <div className="tt-row tone-neg">beyond VaR</div> : null}
    </div>
  );
}

function DensityTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: DensityPoint }[] }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="var-tooltip">
      <div className="tt-head">P&amp;L {formatUsd(p.pnl, { digits: 0 })} USD</div>
      {p.tail ? <div className="tt-row tone-neg">beyond VaR</div> : null}
    </div>
  );
}

/** P&L distribution over the horizon (gain > 0) with the VaR and ES lines at −VaR and −ES. */
export const DistributionChart = memo(function DistributionChart({ report }: { report: VarPanelReport }) {
  const rows = useMemo(() => histogramRows(report.histogram, report.varUsd), [report]);
  const density = useMemo(() => {
    const p = report.parametric;
    if (!p) return [];
    return p.densityCurve ? exactDensity(p.densityCurve, report.varUsd) : parametricDensity(p, report.varUsd);
  }, [report]);
  // An exact density can be unbounded at the floor of a long-gamma P&L: clip the drawing, not the numbers.
  const densityCap = useMemo(() => (report.parametric?.densityCurve ? densityDisplayCap(density) : null), [report, density]);
  const unit = report.method === 'montecarlo' ? 'paths' : 'days';
  const lines = [
    <ReferenceLine
      key="var"
      x={-report.varUsd}
      stroke={VAR_COLOUR}
      strokeWidth={2}
      ifOverflow="extendDomain"
      label={{ value: 'VaR', position: 'top', fill: VAR_COLOUR, fontSize: 11 }}
    />,
    <ReferenceLine
      key="es"
      x={-report.esUsd}
      stroke={ES_COLOUR}
      strokeWidth={2}
      strokeDasharray="5 3"
      ifOverflow="extendDomain"
      label={{ value: 'ES', position: 'insideTopLeft', fill: ES_COLOUR, fontSize: 11 }}
    />,
    <ReferenceLine key="zero" x={0} stroke="#3d4f69" />,
  ];
  return (
    <div className="var-chart" data-testid="var-histogram" data-bins={rows.length} data-kind={rows.length > 0 ? 'histogram' : 'density'}>
      <ResponsiveContainer width="100%" height="100%">
        {rows.length > 0 ? (
          <BarChart data={rows} margin={{ top: 16, right: 12, bottom: 0, left: 0 }} barCategoryGap={0} barGap={0}>
            <CartesianGrid stroke="#1b2534" vertical={false} />
            <XAxis
              dataKey="mid"
              type="number"
              domain={[rows[0]!.lo, rows[rows.length - 1]!.hi]}
              {...AXIS}
              tickFormatter={compactUsd}
              allowDataOverflow
            />
            <YAxis {...AXIS} width={40} allowDecimals={false} />
            <Tooltip content={<HistTooltip unit={unit} />} cursor={{ fill: 'rgba(74,163,255,0.08)' }} />
            <Bar dataKey="count" isAnimationActive={false}>
              {rows.map((r) => (
                <Cell key={r.mid} fill={r.tail ? TAIL : BODY} />
              ))}
            </Bar>
            {lines}
          </BarChart>
        ) : (
          <AreaChart data={density} margin={{ top: 16, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#1b2534" vertical={false} />
            <XAxis dataKey="pnl" type="number" domain={['dataMin', 'dataMax']} {...AXIS} tickFormatter={compactUsd} />
            <YAxis {...AXIS} width={40} tick={false} domain={[0, densityCap ?? 'auto']} allowDataOverflow={densityCap !== null} />
            <Tooltip content={<DensityTooltip />} />
            <Area dataKey="density" type="monotone" stroke={BODY} fill={BODY} fillOpacity={0.35} isAnimationActive={false} />
            <Area
              dataKey={(p: DensityPoint) => (p.tail ? p.density : null)}
              type="monotone"
              stroke="none"
              fill={TAIL}
              fillOpacity={0.7}
              isAnimationActive={false}
              connectNulls={false}
            />
            {lines}
          </AreaChart>
        )}
      </ResponsiveContainer>
    </div>
  );
});
