import { formatUsd } from '../../lib/format.ts';
import { barGeometry, type Waterfall as WaterfallData } from './stressModel.ts';

/**
 * Horizontal waterfall: each step is a bar from the running total before it to the running total after it, the
 * last bar the total from 0. Drawn in the DOM (labels are instrument names, which read best horizontally).
 */
export function Waterfall({
  data,
  testId,
  className,
}: {
  readonly data: WaterfallData;
  readonly testId: string;
  readonly className?: string;
}) {
  const zero = barGeometry(
    data.steps[0] ?? { key: '', label: '', detail: null, valueUsd: 0, startUsd: 0, endUsd: 0, kind: 'total' },
    data,
  ).zeroPct;
  return (
    <div className={`wf${className ? ` ${className}` : ''}`} data-testid={testId} role="table" aria-label="P&L waterfall">
      {data.steps.map((s) => {
        const g = barGeometry(s, data);
        const tone = s.kind === 'total' ? 'total' : s.valueUsd < 0 ? 'neg' : 'pos';
        return (
          <div key={s.key} className={`wf-row wf-${s.kind}`} role="row" data-testid="waterfall-row" data-key={s.key} data-pnl={s.valueUsd}>
            <div className="wf-label" role="cell" title={s.detail ? `${s.label} — ${s.detail}` : s.label}>
              <span className="wf-name">{s.label}</span>
              {s.detail ? <span className="wf-detail">{s.detail}</span> : null}
            </div>
            <div
              className="wf-track"
              role="cell"
              title={`${s.label}: ${formatUsd(s.valueUsd, { digits: 0, signed: true })} USD (running total ${formatUsd(s.startUsd, { digits: 0 })} → ${formatUsd(s.endUsd, { digits: 0 })})`}
            >
              <div className="wf-zero" style={{ left: `${zero}%` }} />
              <div className={`wf-bar wf-bar-${tone}`} style={{ left: `${g.leftPct}%`, width: `${g.widthPct}%` }} />
            </div>
            <div className={`wf-value num tone-${tone === 'total' ? (s.valueUsd < 0 ? 'neg' : 'pos') : tone}`} role="cell">
              {formatUsd(s.valueUsd, { digits: 0, signed: true })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
