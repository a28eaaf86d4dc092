import { describe, expect, it } from 'vitest';
import { showingText } from './showingModel.ts';
import { ZERO_SCENARIO } from '../state/slices/scenarioSlice.ts';

describe('the "Showing:" badge', () => {
  const shock = { spotPct: { BTC: -5 }, volPts: 0, days: 7 };

  it('says "base" everywhere while no shock is set, with the what-if trades counted', () => {
    for (const area of ['what-if', 'base', 'summary'] as const) {
      expect(showingText(area, ZERO_SCENARIO, 0)).toMatchObject({ mode: 'base', text: 'Showing: base' });
    }
    expect(showingText('what-if', ZERO_SCENARIO, 2).text).toBe('Showing: base · 2 what-if trades in');
  });

  it('names the shock where the figures apply it, and says it is not applied where they do not', () => {
    expect(showingText('what-if', shock, 0)).toMatchObject({ mode: 'what-if', text: 'Showing: what-if (BTC −5 %, +7 d)' });
    expect(showingText('base', shock, 1)).toMatchObject({
      mode: 'base',
      text: 'Showing: base (what-if BTC −5 %, +7 d not applied) · 1 what-if trade in',
    });
    expect(showingText('summary', shock, 0)).toMatchObject({
      mode: 'base',
      text: 'Showing: base · Scenario P&L: what-if (BTC −5 %, +7 d)',
    });
  });
});
