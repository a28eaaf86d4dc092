import type { QueryState } from '../../state/riskQuery.ts';

/**
 * "Computing… / computed in N ms / failed" for an analysis query, with a stable hook (`analysis-status-<name>`,
 * `data-status` idle | running | done | error) so tests wait for the figures that match the inputs.
 */
export function AnalysisStatus({
  name,
  query,
  what,
}: {
  readonly name: string;
  readonly query: QueryState<unknown>;
  readonly what: string;
}) {
  const { status, ms, error } = query;
  const dot = status === 'running' ? 'status-running' : status === 'error' ? 'status-error' : status === 'idle' ? 'status-idle' : '';
  const text =
    status === 'running'
      ? `Computing ${what}…`
      : status === 'error'
        ? `${what} failed: ${error ?? 'unknown error'}`
        : status === 'idle'
          ? 'Waiting for a market'
          : `${what} in ${ms !== null ? Math.round(ms) : '—'} ms (worker)`;
  return (
    <span
      className="an-status"
      data-testid={`analysis-status-${name}`}
      data-status={status}
      title="Computed in the background: the page stays responsive while it runs"
    >
      <span className={`status-dot ${dot}`} />
      {text}
    </span>
  );
}
