import { useMemo } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { isZeroScenario, MIN_SPOT_PCT } from '../../state/slices/scenarioSlice.ts';
import { Panel } from '../../components/Panel.tsx';
import { formatPrice } from '../../lib/format.ts';
import { ShockControl } from './ShockControl.tsx';
import { DAYS_SLIDER, SPOT_SLIDER, VOL_SLIDER, scenarioUnderlyings, shockedSpot } from './scenarioModel.ts';

/** The what-if inputs: spot move per underlying, parallel vol shift, days forward. Every figure follows the store. */
export function ScenarioView() {
  const market = useAppStore((s) => s.market);
  const overrides = useAppStore((s) => s.marketOverrides);
  const report = useAppStore((s) => s.report);
  const scenario = useAppStore((s) => s.scenario);
  const setSpotShock = useAppStore((s) => s.setSpotShock);
  const setVolShift = useAppStore((s) => s.setVolShift);
  const setDaysForward = useAppStore((s) => s.setDaysForward);
  const resetScenario = useAppStore((s) => s.resetScenario);

  const underlyings = useMemo(() => scenarioUnderlyings(market, Object.keys(report?.byUnderlying ?? {})), [market, report]);

  return (
    <Panel
      title="What-if"
      titleHint="Shocks applied to the whole book, what-if trades included. Scenario P&L is in the summary."
      className="scenario-panel"
      actions={
        <button
          type="button"
          className="btn btn-small"
          onClick={resetScenario}
          disabled={isZeroScenario(scenario)}
          title="Set every shock back to zero"
        >
          Reset
        </button>
      }
    >
      {underlyings.map((ul) => {
        const pct = scenario.spotPct[ul] ?? 0;
        const index = overrides.spot[ul] ?? market?.underlyings[ul]?.index;
        const after = shockedSpot(index, pct);
        return (
          <ShockControl
            key={ul}
            label={`${ul} spot`}
            unit="%"
            value={pct}
            onChange={(v) => setSpotShock(ul, v)}
            slider={SPOT_SLIDER}
            min={MIN_SPOT_PCT}
            testId={`scenario-spot-${ul}`}
            title={`Relative move of the ${ul} index, perpetual and every ${ul} forward (vols stay at their strikes: sticky strike). Double-click the slider to reset.`}
            hint={after !== null ? `index ${formatPrice(index)} → ${formatPrice(after)}` : null}
          />
        );
      })}
      <ShockControl
        label="Vol shift"
        unit="vol pts"
        value={scenario.volPts}
        onChange={setVolShift}
        slider={VOL_SLIDER}
        testId="scenario-vol"
        title="Added to every implied vol of every smile, in vol points (5 = 45 % → 50 %); floored at 0.01 %."
      />
      <ShockControl
        label="Days forward"
        unit="days"
        value={scenario.days}
        onChange={setDaysForward}
        slider={DAYS_SLIDER}
        min={0}
        testId="scenario-days"
        title="Valuation time moved forward (calendar days, fractions allowed); options expiring inside settle at intrinsic on the shocked forward."
      />
    </Panel>
  );
}
