/**
 * The text of the "Showing:" badge: which market state a set of figures is in (the base market, or the what-if
 * inputs), and whether what-if trades are in the book.
 */
import { describeScenario } from '../features/summary/summaryModel.ts';
import { isZeroScenario, type ScenarioInputs } from '../state/slices/scenarioSlice.ts';

export type ShowingArea = 'what-if' | 'base' | 'summary';

export interface ShowingText {
  /** `what-if` when the figures beside the badge move with the what-if inputs right now, else `base`. */
  readonly mode: 'base' | 'what-if';
  readonly text: string;
  readonly title: string;
}

export function showingText(area: ShowingArea, scenario: ScenarioInputs, whatIfTrades: number): ShowingText {
  const shocked = !isZeroScenario(scenario);
  const what = describeScenario(scenario);
  const trades = whatIfTrades > 0 ? ` · ${whatIfTrades} what-if ${whatIfTrades === 1 ? 'trade' : 'trades'} in` : '';
  const tradesTitle =
    whatIfTrades > 0
      ? ` The book includes ${whatIfTrades} what-if ${whatIfTrades === 1 ? 'trade' : 'trades'} (switch them off in the grid).`
      : '';
  if (!shocked) {
    return {
      mode: 'base',
      text: `Showing: base${trades}`,
      title: `Figures at the snapshot’s marks: no what-if shock is set.${tradesTitle}`,
    };
  }
  switch (area) {
    case 'what-if':
      return {
        mode: 'what-if',
        text: `Showing: what-if (${what})${trades}`,
        title: `These figures apply the what-if inputs (${what}); the summary’s Greeks above are at the base market.${tradesTitle}`,
      };
    case 'base':
      return {
        mode: 'base',
        text: `Showing: base (what-if ${what} not applied)${trades}`,
        title: `These figures are at today’s marks; the what-if shock (${what}) is not applied here.${tradesTitle}`,
      };
    case 'summary':
      return {
        mode: 'base',
        text: `Showing: base · Scenario P&L: what-if (${what})${trades}`,
        title: `Book value and Greeks are at the base market; the Scenario P&L card and column are the what-if (${what}). The views below show the what-if’s Greeks.${tradesTitle}`,
      };
  }
}
