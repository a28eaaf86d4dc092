import { formatUsd } from '../../lib/format.ts';
import type { VarPanelData } from '../../worker/api/varApi.ts';

const usd = (x: number) => formatUsd(x, { digits: 0 });

/** Relative difference a/b − 1 as "+1.2e-7". */
function rel(a: number, b: number): string {
  if (b === 0) return a === 0 ? '0' : 'n/a';
  const r = a / b - 1;
  return `${r >= 0 ? '+' : '−'}${Math.abs(r).toExponential(1)}`;
}

/**
 * What a WebGPU run computed in f32 and what the CPU recomputed in f64: the GPU's own VaR and ES beside the shown
 * (exact) ones, the paths flagged for a near-boundary draw and those where f32 really took the other branch, and the
 * largest f32 error measured on the tail paths.
 */
export function McRunLine({ data }: { data: VarPanelData }) {
  const g = data.gpu;
  if (!g) return null;
  const r = data.report;
  return (
    <div
      className="var-gpu-line muted small"
      data-testid="var-gpu-accuracy"
      data-f32-var={g.f32VarUsd}
      data-f32-es={g.f32EsUsd}
      data-flagged={g.flaggedPaths}
      data-diverged={g.divergedPaths}
      data-refined={g.refinedPaths}
      data-max-error={g.maxAbsErrorUsd}
      title="The GPU simulates every path in f32; the tail paths (and any path with a near-boundary draw) are then revalued in f64 on the CPU, so VaR, ES and the components are the CPU engine's."
    >
      GPU alone (f32): VaR {usd(g.f32VarUsd)} ({rel(g.f32VarUsd, r.varUsd)}), ES {usd(g.f32EsUsd)} ({rel(g.f32EsUsd, r.esUsd)}) · figures
      above revalued in f64 on {g.refinedPaths.toLocaleString('en-US')} tail paths, largest f32 error{' '}
      {formatUsd(g.maxAbsErrorUsd, { digits: 2 })} USD · {g.flaggedPaths.toLocaleString('en-US')} near-boundary draw
      {g.flaggedPaths === 1 ? '' : 's'} recomputed, {g.divergedPaths.toLocaleString('en-US')} diverged
    </div>
  );
}
