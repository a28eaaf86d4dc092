import { useMemo } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { Panel } from '../../components/Panel.tsx';
import { buildImportReportView, valuationNotes } from './importReportModel.ts';
import './importReport.css';

/** The visible result of the last file opened: rows loaded, rows rejected with line and reason. */
export function ImportReportView() {
  const report = useAppStore((s) => s.importReport);
  const clear = useAppStore((s) => s.setImportReport);
  const portfolio = useAppStore((s) => s.portfolio);
  const risk = useAppStore((s) => s.report);
  const notes = useMemo(() => valuationNotes(portfolio, risk), [portfolio, risk]);
  const v = useMemo(() => buildImportReportView(report, 200, report?.status === 'loaded' ? notes : []), [report, notes]);

  return (
    <Panel
      title="Last import"
      className={`import-panel tone-${v.tone}`}
      actions={
        report ? (
          <button type="button" className="icon-btn" onClick={() => clear(null)} title="Dismiss" aria-label="Dismiss import report">
            ✕
          </button>
        ) : null
      }
    >
      <div className="import-report" data-testid="import-report" data-status={report?.status ?? 'none'} data-kind={report?.kind ?? ''}>
        <div className={`import-title tone-${v.tone}`}>{v.title}</div>
        <div className="import-summary">{v.summary}</div>
        {report?.status === 'loaded' && report.kind === 'portfolio' ? (
          <dl className="import-stats">
            <div>
              <dt>Rows loaded</dt>
              <dd className="num" data-testid="import-rows-loaded">
                {report.rowsLoaded}
              </dd>
            </div>
            <div>
              <dt>Rows rejected</dt>
              <dd className={`num${report.rejected.length > 0 ? ' warn-text' : ''}`} data-testid="import-rows-rejected">
                {report.rejected.length}
              </dd>
            </div>
          </dl>
        ) : null}
        {v.rows.length > 0 ? (
          <ol className="import-rows" aria-label="Rejected rows">
            {v.rows.map((r, i) => (
              <li key={`${r.line ?? 'x'}-${i}`} data-testid="import-rejected-row">
                <div className="rej-head">
                  <span className="rej-line num">line {r.line ?? '—'}</span>
                  <span className="rej-inst">{r.instrument || '(no instrument)'}</span>
                </div>
                <div className="rej-reason">{r.message}</div>
              </li>
            ))}
            {v.hiddenRows > 0 ? <li className="muted">…and {v.hiddenRows} more rejected rows</li> : null}
          </ol>
        ) : null}
        {v.notes.length > 0 ? (
          <ol className="import-rows import-notes" aria-label="Rows flagged against the market in use">
            {v.notes.slice(0, 200).map((n, i) => (
              <li key={`${n.line ?? 'x'}-${i}`} data-testid="import-note-row" data-kind={n.kind}>
                <div className="rej-head">
                  <span className={`rej-line num note-${n.kind}`}>line {n.line ?? '—'}</span>
                  <span className="rej-inst">{n.instrument}</span>
                </div>
                <div className="rej-reason">{n.message}</div>
              </li>
            ))}
            {v.notes.length > 200 ? <li className="muted">…and {v.notes.length - 200} more flagged rows</li> : null}
          </ol>
        ) : null}
        {v.warnings.length > 0 ? (
          <ul className="import-warnings">
            {v.warnings.slice(0, 20).map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </Panel>
  );
}
