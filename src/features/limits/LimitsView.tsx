import { useMemo } from 'react';
import type { LimitFigures } from '../../engine/index.ts';
import { formatNumber, formatUsd, formatUsdWithSymbol } from '../../lib/format.ts';
import { useAppStore } from '../../state/hooks.ts';
import { AnalysisStatus } from '../margin/AnalysisStatus.tsx';
import { OptionalNumberField } from '../margin/OptionalNumberField.tsx';
import { checkRows, limitInputs, METRICS, statusCounts, withLimit, type LimitInput } from './limitsModel.ts';
import { useLimitChecks } from './useLimitChecks.ts';
import '../margin/analysis.css';
import './limits.css';

const inputTestId = (id: string) => `limit-input-${id.replace(':', '-')}`;

/** The current figure a limit input applies to, in its unit (the largest venue for per-venue limits). */
function currentText(row: LimitInput, f: LimitFigures | null): string {
  if (!f) return '—';
  const largest = (r: Readonly<Record<string, number | null>> | undefined) => {
    const e = Object.entries(r ?? {}).sort(([, a], [, b]) => (b ?? Infinity) - (a ?? Infinity))[0];
    return e ? `max ${e[1] === null ? 'equity ≤ 0' : formatNumber(e[1] * 100, 1)} (${e[0]})` : '—';
  };
  switch (row.metric) {
    case 'deltaCoin':
    case 'deltaUsd':
      return METRICS[row.metric].format(f[row.metric]?.[row.scope ?? ''] ?? 0);
    case 'vegaUsd':
      return METRICS.vegaUsd.format(f.vegaUsd ?? NaN);
    case 'varUsd':
      return f.varUsd === null || f.varUsd === undefined ? 'needs history' : METRICS.varUsd.format(f.varUsd);
    case 'marginUsage':
      return largest(f.marginUsage);
    case 'venueConcentration':
      return largest(f.venueShare);
    default:
      return '';
  }
}

/** Limits tab: set limits (saved with the session) and see every check; breaches are also marked where the figures appear. */
export function LimitsView() {
  const { query, limits } = useLimitChecks(true);
  const setLimits = useAppStore((s) => s.setLimits);
  const data = query.data;
  const inputs = useMemo(() => limitInputs(limits, data?.underlyings ?? []), [limits, data]);
  const rows = useMemo(() => checkRows(data?.result.checks ?? [], limits.warnAt), [data, limits.warnAt]);
  const counts = statusCounts(data?.result.checks ?? []);

  return (
    <div className="an-view limits-view" data-testid="limits-view">
      <div className="an-head">
        <div>
          <div className="an-title">Limits</div>
          <div className="an-sub">
            Limits on |delta| per underlying, |vega|, VaR, margin usage and venue concentration. A breached figure is marked red wherever it
            appears (summary cards and Greeks table, cross-margin, counterparty shares), amber from the warning level. Saved with the
            session.
          </div>
        </div>
        <AnalysisStatus name="limits" query={query} what="Limit checks" />
      </div>
      <div className="an-split">
        <section className="an-section">
          <header className="an-section-head">
            <h3>Set limits</h3>
            <span className="an-note">Blank = no limit</span>
          </header>
          <div className="an-section-body flush">
            <table className="an-table limits-form" data-testid="limits-form">
              <thead>
                <tr>
                  <th className="left">Figure</th>
                  <th className="left">Unit</th>
                  <th title="Current value (for per-venue limits, the largest venue)">Now</th>
                  <th title="The bound on the size of the figure">Limit</th>
                </tr>
              </thead>
              <tbody>
                {inputs.map((r) => (
                  <tr key={r.id} title={r.hint}>
                    <th>{r.label}</th>
                    <td className="scope">{r.unit}</td>
                    <td className="num">{currentText(r, data?.figures ?? null)}</td>
                    <td>
                      <OptionalNumberField
                        value={r.value}
                        onCommit={(v) => setLimits(withLimit(limits, r.id, v))}
                        ariaLabel={`${r.label} limit (${r.unit})`}
                        testId={inputTestId(r.id)}
                        placeholder={r.metric === 'warnAt' ? '80' : 'none'}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="an-section-body an-note" data-testid="limits-var-note">
              {data?.var ? (
                <>
                  VaR for limits: historical simulation, 99 %, 1 day, {data.var.observations} daily returns ({data.var.windowStart ?? '…'} …{' '}
                  {data.var.windowEnd ?? '…'}), full revaluation, spot moves only:{' '}
                  <b data-testid="limits-var-usd" data-value={data.var.varUsd}>
                    {formatUsdWithSymbol(data.var.varUsd, { digits: 0 })}
                  </b>{' '}
                  (ES {formatUsd(data.var.esUsd, { digits: 0 })}).
                </>
              ) : (
                (data?.varNote ?? 'VaR for limits is computed from the bundled price history.')
              )}
            </div>
          </div>
        </section>
        <section className="an-section">
          <header className="an-section-head">
            <h3>Checks</h3>
            <span className="an-note" data-testid="limits-counts">
              {rows.length === 0
                ? 'No limit set'
                : `${counts.breach} breach${counts.breach === 1 ? '' : 'es'} · ${counts.warn} warning${counts.warn === 1 ? '' : 's'} · ${counts.ok} ok`}
            </span>
          </header>
          <div className="an-section-body flush">
            {rows.length === 0 ? (
              <div className="empty-state">Set a limit on the left to check it here.</div>
            ) : (
              <div className="limit-checks-wrap">
                <table className="an-table limit-checks" data-testid="limit-checks">
                  <thead>
                    <tr>
                      <th className="left">Status</th>
                      <th className="left">Figure</th>
                      <th className="left">Scope</th>
                      <th>Now</th>
                      <th>Limit</th>
                      <th title="|figure| / limit">Used</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.key} data-testid="limit-check" data-key={r.key} data-status={r.status}>
                        <td className="left">
                          <span className={`status-pill ${r.status}`}>{r.status}</span>
                        </td>
                        <th>
                          {r.label} <span className="unit">{r.unit}</span>
                        </th>
                        <td className="left">{r.scope}</td>
                        <td className="num">{r.valueText}</td>
                        <td className="num">{r.limitText}</td>
                        <td>
                          <span className="util">
                            <span className="util-track">
                              <span
                                className={`util-fill status-${r.status}`}
                                style={{ width: `${Math.min(100, r.utilisationPct ?? 100)}%` }}
                              />
                            </span>
                            <span className="util-text" data-testid="limit-used">
                              {r.utilisationPct === null ? '—' : `${r.utilisationText} %`}
                            </span>
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}
