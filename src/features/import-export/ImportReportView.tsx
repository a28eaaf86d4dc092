import { useMemo } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { fileCommands } from '../../state/commands.ts';
import { Panel } from '../../components/Panel.tsx';
import { describeHeader } from '../../io/portfolioCsv.ts';
import { buildImportReportView, formatName, ignoredColumnsText, valuationNotes } from './importReportModel.ts';
import './files.css';
import './importReport.css';

/**
 * The visible result of the last file(s) opened: rows loaded, rows rejected with line and reason, rows skipped,
 * columns not used, each file of a multi-file open; for a refused header what was expected and found, and a
 * template CSV.
 */
export function ImportReportView() {
  const report = useAppStore((s) => s.importReport);
  const clear = useAppStore((s) => s.setImportReport);
  const portfolio = useAppStore((s) => s.portfolio);
  const risk = useAppStore((s) => s.report);
  const notes = useMemo(() => valuationNotes(portfolio, risk), [portfolio, risk]);
  const v = useMemo(() => buildImportReportView(report, 200, report?.status === 'loaded' ? notes : []), [report, notes]);
  const ignored = ignoredColumnsText(report?.ignoredColumns);

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
      <div
        className="import-report"
        data-testid="import-report"
        data-status={report?.status ?? 'none'}
        data-kind={report?.kind ?? ''}
        data-action={report?.action ?? ''}
      >
        <div className={`import-title tone-${v.tone}`}>{v.title}</div>
        <div className="import-summary">{v.summary}</div>
        {report?.header ? (
          <div className="import-header-help" data-testid="import-header-help">
            {describeHeader(report.header.found).replace(/^e/, 'E')}.
          </div>
        ) : null}
        {report?.kind === 'portfolio' && report.status !== 'failed' ? (
          <dl className="import-stats">
            <div>
              <dt>{report.status === 'pending' ? 'Good rows' : 'Rows loaded'}</dt>
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
            {report.skipped?.length ? (
              <div>
                <dt>Rows skipped</dt>
                <dd className="num" data-testid="import-rows-skipped">
                  {report.skipped.length}
                </dd>
              </div>
            ) : null}
          </dl>
        ) : null}
        {ignored ? (
          <div className="import-ignored warn-text" data-testid="import-ignored-columns" data-columns={report?.ignoredColumns?.join('|')}>
            {ignored}
          </div>
        ) : null}
        {report?.files ? (
          <ul className="import-files" aria-label="Files">
            {report.files.map((f) => (
              <li key={f.fileName} data-testid="import-file" data-status={f.status}>
                <span className="rej-inst">{f.fileName}</span>{' '}
                {f.status === 'loaded' ? (
                  <span className="muted">
                    {formatName(f.format)}: {f.rowsLoaded} loaded{f.rowsRejected > 0 ? `, ${f.rowsRejected} rejected` : ''}
                  </span>
                ) : (
                  <span className="error-text">{f.message}</span>
                )}
              </li>
            ))}
          </ul>
        ) : null}
        {v.rows.length > 0 ? (
          <ol className="import-rows" aria-label="Rejected rows">
            {v.rows.map((r, i) => (
              <li key={`${r.file ?? ''}-${r.line ?? 'x'}-${i}`} data-testid="import-rejected-row">
                <div className="rej-head">
                  <span className="rej-line num">
                    {r.file ? `${r.file} ` : ''}line {r.line ?? '—'}
                  </span>
                  <span className="rej-inst">{r.instrument || '(no instrument)'}</span>
                </div>
                <div className="rej-reason">{r.message}</div>
              </li>
            ))}
            {v.hiddenRows > 0 ? <li className="muted">…and {v.hiddenRows} more rejected rows</li> : null}
          </ol>
        ) : null}
        {report?.skipped?.length ? (
          <ol className="import-rows import-skipped" aria-label="Skipped rows">
            {report.skipped.slice(0, 50).map((r, i) => (
              <li key={`${r.file ?? ''}-${r.line ?? 'x'}-${i}`} data-testid="import-skipped-row">
                <div className="rej-head">
                  <span className="rej-line num">
                    {r.file ? `${r.file} ` : ''}line {r.line ?? '—'}
                  </span>
                  <span className="rej-inst">{r.instrument || '(no instrument)'}</span>
                </div>
                <div className="rej-reason muted">{r.message}</div>
              </li>
            ))}
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
        {!report || report.header || (report.kind === 'portfolio' && report.status === 'failed') ? (
          <button
            type="button"
            className="btn btn-small template-btn"
            data-testid="download-template"
            onClick={() => fileCommands.downloadTemplate()}
            title="A portfolio CSV with every column and example rows: fill it in and open it"
          >
            Template CSV ↓
          </button>
        ) : null}
      </div>
    </Panel>
  );
}
