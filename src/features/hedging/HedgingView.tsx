/**
 * Hedging tab (issue 7): least-cost hedge suggestions with a before / after comparison, and delta-hedge policies
 * replayed on the bundled history. Both run on the `hedge` worker channel (cancel mode: a newer request stops the
 * older computation), on the current market: the what-if sliders are deliberately not applied (a hedge is traded
 * in today's market, and a historical replay starts from today's spot).
 */
import { useAppStore } from '../../state/hooks.ts';
import { isZeroScenario } from '../../state/slices/scenarioSlice.ts';
import { describeScenario } from '../summary/summaryModel.ts';
import { useHedgeUi, hedgeStore, type HedgeSection } from './hedgeStore.ts';
import { SuggestionsPanel } from './SuggestionsPanel.tsx';
import { SimulationPanel } from './SimulationPanel.tsx';
import './hedging.css';

const SECTIONS: readonly { id: HedgeSection; label: string; hint: string }[] = [
  { id: 'suggest', label: 'Suggestions', hint: 'Trades that bring delta (and optionally gamma and vega) to your targets at least cost' },
  {
    id: 'simulate',
    label: 'Delta-hedge simulation',
    hint: 'Replay delta-hedging policies for the book’s options along historical price paths',
  },
];

export function HedgingView() {
  const section = useHedgeUi((s) => s.section);
  const scenario = useAppStore((s) => s.scenario);
  const shocked = !isZeroScenario(scenario);
  return (
    <div className="hedge-view" data-testid="hedge-view">
      <div className="hedge-bar">
        <div className="hedge-seg" role="tablist" aria-label="Hedging sections">
          {SECTIONS.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              aria-selected={s.id === section}
              className={s.id === section ? 'is-active' : ''}
              title={s.hint}
              data-testid={`hedge-section-${s.id}`}
              onClick={() => hedgeStore.getState().set({ section: s.id })}
            >
              {s.label}
            </button>
          ))}
        </div>
        <div className="hedge-bar-note">
          {shocked ? (
            <>
              <span className="warn-text">Current market, not the what-if ({describeScenario(scenario)}).</span> Hedges are sized and
              simulated in today’s market; what-if rows in the book are included.
            </>
          ) : (
            'Current market and book, what-if rows included. Greeks per underlying; costs are half the bid-ask spread plus the taker fee.'
          )}
        </div>
      </div>
      {section === 'suggest' ? <SuggestionsPanel /> : <SimulationPanel />}
    </div>
  );
}
