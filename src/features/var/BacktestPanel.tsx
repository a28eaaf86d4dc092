import { memo, useMemo } from 'react';
import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { NumberField } from '../../components/NumberField.tsx';
import { formatNumber, formatUsd } from '../../lib/format.ts';
import type { BacktestPanelData } from '../../worker/api/varApi.ts';
import type { JobState } from './varRunner.ts';
import {
  BACKTEST_METHOD_OPTIONS,
  LIMITS,
  ZONE_COLOURS,
  backtestMethodOf,
  backtestRows,
  compactUsd,
  confidenceLabel,
  rollingLabel,
  monthLabel,
  monthTicks,
  testRows,
  zoneBoundsLabel,
  zoneLabel,
  type BacktestMethodChoice,
  type BacktestRow,
  type VarSettings,
} from './varModel.ts';

const AXIS = { stroke: '#2f3d52', tickLine: false, tick: { fontSize: 11, fill: '#7f8ea3' } } as const;

function DayTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: BacktestRow }[] }) {
  const d = payload?.[0]?.payload;
  if (!active || !d) return null;
  return (
    <div className="var-tooltip">
      <div className="tt-head">{d.date}</div>
      <div className="tt-row">
        <span>hypothetical P&amp;L</span>
        <span className={d.pnl < 0 ? 'tone-neg' : 'tone-pos'}>{formatUsd(d.pnl, { digits: 0, signed: true })} USD</span>
      </div>
      <div className="tt-row">
        <span>VaR (day before)</span>
        <span>{formatUsd(-d.threshold, { digits: 0 })} USD</span>
      </div>
      {d.exception ? <div className="tt-row tone-neg">exception: loss above VaR</div> : null}
    </div>
  );
}

interface Props {
  readonly state: JobState<BacktestPanelData>;
  readonly settings: VarSettings;
  readonly effective: VarSettings;
  readonly onChange: (patch: Partial<VarSettings>) => void;
}

/** Rolling VaR against the hypothetical next-day P&L, exceptions marked; traffic light and coverage tests. */
export const BacktestPanel = memo(function BacktestPanel({ state, settings, effective, onChange }: Props) {
  const data = state.data;
  const r = data?.report ?? null;
  const rows = useMemo(() => (r ? backtestRows(r.days) : []), [r]);
  const ticks = useMemo(() => monthTicks(rows.map((d) => d.date)), [rows]);
  const tests = useMemo(() => (r ? testRows(r) : []), [r]);
  const running = state.status === 'running';
  const rolling = backtestMethodOf(effective);
  return (
    <section className="var-box var-backtest" aria-label="VaR backtest" data-testid="var-backtest" data-status={state.status}>
      <header className="var-box-head">
        <h3>Backtest</h3>
        <span className="var-box-sub">
          rolling 1-day VaR {r ? confidenceLabel(r.confidence) : ''} of today’s book (window {effective.window}) vs its hypothetical P&amp;L
          on each following day
        </span>
        <span className="var-field-row">
          <select
            className="select"
            data-testid="var-backtest-method"
            value={settings.backtestMethod}
            onChange={(e) => onChange({ backtestMethod: e.target.value as BacktestMethodChoice })}
            aria-label="Backtest method"
            title={
              settings.backtestMethod === 'same' ? `Rolling ${rolling} (Monte Carlo is backtested by historical simulation)` : undefined
            }
          >
            {BACKTEST_METHOD_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.value === 'same' && rolling !== effective.method ? `${o.label} (${rollingLabel(rolling)})` : o.label}
              </option>
            ))}
          </select>
          <NumberField
            value={settings.backtestDays}
            onCommit={(v) => onChange({ backtestDays: v })}
            testId="var-backtest-days"
            ariaLabel="Backtest days"
            min={LIMITS.backtestDays.min}
            max={LIMITS.backtestDays.max}
            step={50}
            digits={0}
            title="Test days (Basel: 250), the last of the history"
          />
          <span className="muted small">days</span>
          <span className={`var-pill is-${state.status}`} data-testid="var-backtest-status">
            {running
              ? 'computing…'
              : state.status === 'error'
                ? 'error'
                : state.status === 'done'
                  ? `${effective.backtestDays} days`
                  : 'waiting'}
          </span>
        </span>
      </header>
      {state.error ? (
        <div className="var-error-text" style={{ padding: '6px 10px' }} role="alert">
          {state.error}
        </div>
      ) : null}
      {r ? (
        <div className={`var-backtest-body${running ? ' is-stale' : ''}`}>
          <div>
            <div className="var-chart" data-testid="var-backtest-chart" data-days={rows.length} data-exceptions={r.exceptions}>
              <ResponsiveContainer width="100%" height="100%">
                <ComposedChart data={rows} margin={{ top: 8, right: 10, bottom: 0, left: 0 }} barCategoryGap={0}>
                  <CartesianGrid stroke="#1b2534" vertical={false} />
                  <XAxis dataKey="date" {...AXIS} ticks={ticks} tickFormatter={monthLabel} interval={0} />
                  <YAxis {...AXIS} tickFormatter={compactUsd} width={52} />
                  <Tooltip content={<DayTooltip />} cursor={{ fill: 'rgba(74,163,255,0.08)' }} />
                  <ReferenceLine y={0} stroke="#3d4f69" />
                  <Bar dataKey="pnl" name="P&L" isAnimationActive={false}>
                    {rows.map((d) => (
                      <Cell key={d.date} fill={d.exception ? '#ff6464' : d.pnl < 0 ? '#3b5f8a' : '#2f6f5a'} />
                    ))}
                  </Bar>
                  <Line
                    dataKey="threshold"
                    name="−VaR"
                    type="stepAfter"
                    stroke="#f2b84b"
                    strokeWidth={1.6}
                    dot={false}
                    isAnimationActive={false}
                  />
                  <Scatter dataKey="exceptionPnl" name="exception" fill="#ff6464" stroke="#fff" strokeWidth={1} isAnimationActive={false} />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
            <div className="var-legend">
              <span>
                <i className="swatch" style={{ background: '#2f6f5a' }} />
                gain
              </span>
              <span>
                <i className="swatch" style={{ background: '#3b5f8a' }} />
                loss within VaR
              </span>
              <span>
                <i className="swatch" style={{ background: '#ff6464' }} />
                exception (loss &gt; VaR)
              </span>
              <span>
                <i style={{ borderColor: '#f2b84b' }} />
                −VaR of the day before
              </span>
              <span>{r.volModel === 'dvol' ? 'DVOL-driven scenarios' : 'spot-only scenarios'}</span>
            </div>
          </div>
          <div className="bt-side">
            <div
              className="traffic"
              data-testid="var-traffic-light"
              data-zone={r.trafficLight.zone}
              data-exceptions={r.exceptions}
              data-observations={r.observations}
            >
              <div className="traffic-lamps" aria-hidden>
                {(['red', 'yellow', 'green'] as const).map((z) => (
                  <span
                    key={z}
                    className={`lamp${r.trafficLight.zone === z ? ' is-on' : ''}`}
                    style={{ background: ZONE_COLOURS[z], color: ZONE_COLOURS[z] }}
                  />
                ))}
              </div>
              <div className="traffic-text">
                <span className="traffic-zone" style={{ color: ZONE_COLOURS[r.trafficLight.zone] }}>
                  {zoneLabel(r.trafficLight.zone)}
                </span>
                <span className="traffic-sub">
                  <b className="num">{r.exceptions}</b> exceptions in {r.observations} days (expected{' '}
                  {formatNumber(r.expectedExceptions, 1)})
                </span>
                <span className="traffic-sub">
                  Basel: {zoneBoundsLabel(r)}
                  {r.trafficLight.plusFactor !== null ? ` · plus factor ${formatNumber(r.trafficLight.plusFactor, 2)}` : ''}
                </span>
              </div>
            </div>
            <table className="bt-tests" data-testid="var-backtest-tests">
              <thead>
                <tr>
                  <th className="left">Test</th>
                  <th>LR</th>
                  <th>p-value</th>
                  <th>χ² 5 %</th>
                  <th>at 5 %</th>
                </tr>
              </thead>
              <tbody>
                {tests.map((t) => (
                  <tr
                    key={t.key}
                    data-testid={`backtest-test-${t.key}`}
                    data-statistic={t.statistic}
                    data-p-value={t.pValue}
                    data-reject={t.reject}
                  >
                    <th title={t.hint}>{t.name}</th>
                    <td className="num">{formatNumber(t.statistic, 3)}</td>
                    <td className="num">{formatNumber(t.pValue, 3)}</td>
                    <td className="num">{formatNumber(t.critical, 3)}</td>
                    <td className={t.reject ? 'reject' : 'accept'}>{t.reject ? 'reject' : 'accept'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="bt-counts" title="Christoffersen transition counts of the exception indicator (day before → day)">
              transitions n00 {r.christoffersen.counts.n00} · n01 {r.christoffersen.counts.n01} · n10 {r.christoffersen.counts.n10} · n11{' '}
              {r.christoffersen.counts.n11}
              {r.warnings.length > 0 ? <div className="warn-text">{r.warnings.join('; ')}</div> : null}
            </div>
          </div>
        </div>
      ) : (
        <div className="var-empty">{running || state.status === 'idle' ? 'The backtest runs after the VaR…' : 'No backtest.'}</div>
      )}
    </section>
  );
});
