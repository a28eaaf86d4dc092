/** Recharts of the latest window: hedged vs unhedged P&L, and cumulative hedge cost, one line per policy. */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HedgePathResult } from '../../engine/index.ts';
import { formatUsd } from '../../lib/format.ts';
import { chartPoints, compactUsd, policyColor, UNHEDGED_COLOR, type ChartPoint } from './simulationModel.ts';

interface Props {
  readonly latest: readonly HedgePathResult[];
  readonly dates: readonly string[];
  readonly title: string;
}

interface Series {
  readonly key: string;
  readonly name: string;
  readonly color: string;
  readonly dashed?: boolean;
}

const AXIS = { stroke: '#2f3d52', tickLine: false } as const;

function ChartTooltip({
  active,
  payload,
  label,
}: {
  active?: boolean;
  payload?: readonly { name?: unknown; value?: unknown; color?: string }[];
  label?: unknown;
}) {
  if (!active || !payload || payload.length === 0) return null;
  return (
    <div className="hedge-tooltip">
      <div className="tt-date">{String(label)}</div>
      {payload.map((p) => (
        <div key={String(p.name)} className="tt-row">
          <span style={{ color: p.color }}>{String(p.name)}</span>
          <span>{formatUsd(Number(p.value), { digits: 0 })} USD</span>
        </div>
      ))}
    </div>
  );
}

function Chart({ data, series, title, testId }: { data: ChartPoint[]; series: readonly Series[]; title: string; testId: string }) {
  return (
    <section className="hedge-card" aria-label={title}>
      <header className="hedge-card-head">
        <h3>{title}</h3>
        <span className="hedge-sub">USD</span>
      </header>
      <div className="hedge-chart" data-testid={testId}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 14, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="#1b2534" vertical={false} />
            <XAxis dataKey="date" {...AXIS} tick={{ fontSize: 11 }} tickFormatter={(d: string) => d.slice(5)} minTickGap={24} />
            <YAxis {...AXIS} tick={{ fontSize: 11 }} tickFormatter={compactUsd} width={56} domain={['auto', 'auto']} />
            <ReferenceLine y={0} stroke="#3d4f69" />
            <Tooltip content={<ChartTooltip />} />
            <Legend
              wrapperStyle={{ fontSize: 11.5 }}
              iconType="plainline"
              itemSorter={(item) => series.findIndex((x) => x.name === item.value)}
            />
            {series.map((s) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.name}
                stroke={s.color}
                strokeWidth={s.dashed ? 1.5 : 2}
                strokeDasharray={s.dashed ? '5 4' : undefined}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}

export function SimulationCharts({ latest, dates, title }: Props) {
  const data = chartPoints(latest, dates);
  const pnl: Series[] = [
    { key: 'u', name: 'Unhedged', color: UNHEDGED_COLOR, dashed: true },
    ...latest.map((r, i) => ({ key: `h${i}`, name: r.policy, color: policyColor(i) })),
  ];
  const cost: Series[] = latest.map((r, i) => ({ key: `c${i}`, name: r.policy, color: policyColor(i) }));
  return (
    <div className="hedge-charts">
      <Chart data={data} series={pnl} title={`P&L, hedged vs unhedged · ${title}`} testId="hedge-sim-chart-pnl" />
      <Chart data={data} series={cost} title={`Cumulative hedge cost · ${title}`} testId="hedge-sim-chart-cost" />
    </div>
  );
}
