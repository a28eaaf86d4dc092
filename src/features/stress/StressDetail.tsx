import { useMemo, useState } from 'react';
import type { StressResult } from '../../engine/index.ts';
import { Metric } from '../../components/Metric.tsx';
import { formatNumber, formatUsd, formatUsdWithSymbol } from '../../lib/format.ts';
import { useAppStore } from '../../state/hooks.ts';
import { pnlTone } from '../summary/summaryModel.ts';
import { buildWaterfall, whatIfFromStress, type WaterfallBy } from './stressModel.ts';
import { Waterfall } from './Waterfall.tsx';

const BY: readonly { id: WaterfallBy; label: string; hint: string }[] = [
  { id: 'underlying', label: 'Underlying', hint: 'P&L of each underlying’s positions (cash under its own code)' },
  { id: 'position', label: 'Position', hint: 'Largest contributions first; the rest summed' },
  { id: 'venue', label: 'Venue', hint: 'P&L of the positions held at each venue' },
  { id: 'component', label: 'Component', hint: 'Market (spot, vol, time), basis collapse and venue default' },
];

/** One scenario: its total, components, waterfall and the "apply as what-if" mapping. */
export function StressDetail({ result, underlyings }: { readonly result: StressResult; readonly underlyings: readonly string[] }) {
  const [by, setBy] = useState<WaterfallBy>('underlying');
  const applyScenario = useAppStore((s) => s.applyScenario);
  const [applied, setApplied] = useState<string | null>(null);
  const waterfall = useMemo(() => buildWaterfall(result, by), [result, by]);
  const mapping = useMemo(() => whatIfFromStress(result, underlyings), [result, underlyings]);
  const c = result.components;
  return (
    <div className="an-section-body" data-testid="stress-detail" data-id={result.id}>
      <div className="stress-detail-head">
        <div>
          <h4>{result.name}</h4>
          <div className="an-note">{result.description}</div>
        </div>
        <Metric
          testId="metric-stress-pnl-usd"
          value={result.pnlUsd}
          format={(x) => formatUsdWithSymbol(x, { signed: true, digits: 0 })}
          tone={pnlTone(result.pnlUsd)}
          className="stress-total"
          title="Book P&L in this scenario, USD (full revaluation)"
        />
      </div>
      <dl className="stress-components">
        <div title="Spot moves, vol shift (term-decayed) and days forward, full revaluation">
          <dt>Market</dt>
          <dd className={`tone-${pnlTone(c.marketUsd)}`}>{formatUsd(c.marketUsd, { digits: 0, signed: true })}</dd>
        </div>
        <div title="Extra P&L from the futures basis collapsing toward the index">
          <dt>Basis collapse</dt>
          <dd className={`tone-${pnlTone(c.basisUsd)}`}>{formatUsd(c.basisUsd, { digits: 0, signed: true })}</dd>
        </div>
        <div title="Everything held at the defaulted venue written off (only when its equity is positive)">
          <dt>Venue default{result.scenario.venueDefault ? ` (${result.scenario.venueDefault})` : ''}</dt>
          <dd className={`tone-${pnlTone(c.venueDefaultUsd)}`}>{formatUsd(c.venueDefaultUsd, { digits: 0, signed: true })}</dd>
        </div>
        <div title="Underlying moves applied">
          <dt>Moves</dt>
          <dd>
            {Object.entries(mapping.inputs.spotPct)
              .map(([ul, p]) => `${ul} ${formatNumber(p, Number.isInteger(p) ? 0 : 1, { signed: true })} %`)
              .join(', ') || '—'}
          </dd>
        </div>
      </dl>
      <div className="stress-wf-head">
        <span className="an-note">Waterfall of the P&amp;L, USD</span>
        <div className="an-seg" role="group" aria-label="Break the P&L down by">
          {BY.map((b) => (
            <button
              key={b.id}
              type="button"
              className={by === b.id ? 'is-active' : ''}
              onClick={() => setBy(b.id)}
              title={b.hint}
              data-testid={`stress-by-${b.id}`}
            >
              {b.label}
            </button>
          ))}
        </div>
      </div>
      <Waterfall data={waterfall} testId="stress-waterfall" className={`wf-by-${by}`} />
      <div className="stress-whatif">
        <div className="an-actions">
          <button
            type="button"
            className="btn btn-small btn-primary"
            data-testid="stress-apply-whatif"
            title="Set the what-if panel to this scenario’s spot moves, vol shift and days: every view then shows the book in it"
            onClick={() => {
              applyScenario(mapping.inputs);
              setApplied(result.id);
            }}
          >
            Apply as what-if
          </button>
          {applied === result.id ? (
            <span className="an-note">Applied: see the what-if panel and the summary’s scenario P&amp;L.</span>
          ) : null}
        </div>
        {mapping.notes.length > 0 ? (
          <ul className="an-list an-note">
            {mapping.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
