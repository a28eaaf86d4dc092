import { useAppStore } from '../state/hooks.ts';
import { isZeroScenario } from '../state/slices/scenarioSlice.ts';
import { showingText, type ShowingArea } from './showingModel.ts';
import './showing.css';

/**
 * "Showing: base" / "Showing: what-if (+7 d, BTC −5 %)": which market state the figures next to it are in, so the
 * summary (base Greeks) and the views (shocked figures) never mix without a word.
 * @param area what the figures are: `what-if` (the view applies the what-if inputs), `base` (today's marks, what-if
 *   trades included), `summary` (base figures with a what-if P&L column)
 */
export function ShowingBadge({ area, testId = 'showing-badge' }: { readonly area: ShowingArea; readonly testId?: string }) {
  const scenario = useAppStore((s) => s.scenario);
  const whatIfTrades = useAppStore((s) => s.portfolio.positions.reduce((n, p) => n + (p.whatIf && !p.excluded && !p.cashLeg ? 1 : 0), 0));
  const t = showingText(area, scenario, whatIfTrades);
  return (
    <span
      className={`showing-badge showing-${t.mode}${isZeroScenario(scenario) ? '' : ' is-shocked'}`}
      data-testid={testId}
      data-mode={t.mode}
      title={t.title}
    >
      {t.text}
    </span>
  );
}
