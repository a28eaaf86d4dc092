/** Targets per underlying: delta flat / band / left alone; optional gamma (USD per 1 %) and vega (USD per vol point). */
import type { UnderlyingAggregate } from '../../domain/results.ts';
import { NumberField } from '../../components/NumberField.tsx';
import { formatCoin, formatUsd } from '../../lib/format.ts';
import { hedgeStore } from './hedgeStore.ts';
import type { DeltaMode, TargetInput } from './suggestModel.ts';

interface Props {
  readonly underlyings: readonly string[];
  readonly targets: Readonly<Record<string, TargetInput>>;
  readonly current: Readonly<Record<string, UnderlyingAggregate>>;
  readonly errors: readonly string[];
}

function patch(ul: string, base: TargetInput, change: Partial<TargetInput>): void {
  const s = hedgeStore.getState();
  s.set({ targets: { ...s.targets, [ul]: { ...base, ...change } } });
}

const TIPS = {
  now: 'The book now (current market, what-if rows included)',
  delta: 'Delta in coin of the underlying. Flat: 0; Band: anywhere between the two bounds; Leave: delta is not constrained',
  gamma: 'Gamma as the change of USD delta for a +1 % move. Tick to ask for this gamma ± the tolerance (needs options)',
  vega: 'Vega in USD per vol point, all expiries. Tick to ask for this vega ± the tolerance (needs options)',
};

export function TargetsCard({ underlyings, targets, current, errors }: Props) {
  return (
    <section className="hedge-card" aria-label="Hedge targets">
      <header className="hedge-card-head">
        <h3>Targets</h3>
        <span className="hedge-sub">per underlying · the solver meets every ticked target at least cost</span>
      </header>
      <table className="hedge-table hedge-targets" data-testid="hedge-targets">
        <thead>
          <tr>
            <th className="left">Greek</th>
            <th title={TIPS.now}>Now</th>
            <th className="left" title="What the hedged book should show">
              Target
            </th>
            <th className="left">Unit</th>
          </tr>
        </thead>
        {underlyings.map((ul) => {
          const t = targets[ul]!;
          const g = current[ul];
          return (
            <tbody key={ul}>
              <tr className="group-row">
                <th colSpan={4}>{ul}</th>
              </tr>
              <tr>
                <td className="measure" title={TIPS.delta}>
                  Delta
                </td>
                <td className="num now">{formatCoin(g?.delta)}</td>
                <td className="ctrl">
                  <span className="ctrl-inner">
                    <select
                      className="select"
                      value={t.deltaMode}
                      aria-label={`${ul} delta target`}
                      data-testid={`hedge-target-delta-mode-${ul}`}
                      onChange={(e) => patch(ul, t, { deltaMode: e.target.value as DeltaMode })}
                    >
                      <option value="zero">Flat (0)</option>
                      <option value="band">Band</option>
                      <option value="off">Leave as is</option>
                    </select>
                    {t.deltaMode === 'band' ? (
                      <>
                        <NumberField
                          value={t.deltaLo}
                          digits={4}
                          ariaLabel={`${ul} delta band low`}
                          testId={`hedge-target-delta-lo-${ul}`}
                          onCommit={(v) => patch(ul, t, { deltaLo: v })}
                        />
                        <span className="to">to</span>
                        <NumberField
                          value={t.deltaHi}
                          digits={4}
                          ariaLabel={`${ul} delta band high`}
                          testId={`hedge-target-delta-hi-${ul}`}
                          onCommit={(v) => patch(ul, t, { deltaHi: v })}
                        />
                      </>
                    ) : null}
                  </span>
                </td>
                <td className="left unit">{ul}</td>
              </tr>
              <GreekRow ul={ul} t={t} which="gamma" now={g?.gammaUsd1pct} unit="USD / 1 %" />
              <GreekRow ul={ul} t={t} which="vega" now={g?.vega} unit="USD / vol pt" />
            </tbody>
          );
        })}
      </table>
      {errors.map((e) => (
        <div key={e} className="hedge-target-error" role="alert" data-testid="hedge-target-error">
          {e}
        </div>
      ))}
    </section>
  );
}

function GreekRow({
  ul,
  t,
  which,
  now,
  unit,
}: {
  ul: string;
  t: TargetInput;
  which: 'gamma' | 'vega';
  now: number | undefined;
  unit: string;
}) {
  const on = which === 'gamma' ? t.gammaOn : t.vegaOn;
  const target = which === 'gamma' ? t.gammaTarget : t.vegaTarget;
  const tol = which === 'gamma' ? t.gammaTol : t.vegaTol;
  const name = which === 'gamma' ? 'Gamma' : 'Vega';
  return (
    <tr className={on ? '' : 'is-unset'}>
      <td className="measure" title={TIPS[which]}>
        <label className="ctrl-inner">
          <input
            type="checkbox"
            checked={on}
            aria-label={`Target ${ul} ${which}`}
            data-testid={`hedge-target-${which}-on-${ul}`}
            onChange={(e) => patch(ul, t, which === 'gamma' ? { gammaOn: e.target.checked } : { vegaOn: e.target.checked })}
          />
          {name}
        </label>
      </td>
      <td className="num now">{formatUsd(now, { digits: 0 })}</td>
      <td className="ctrl">
        {on ? (
          <span className="ctrl-inner">
            <NumberField
              value={target}
              digits={0}
              ariaLabel={`${ul} ${which} target`}
              testId={`hedge-target-${which}-${ul}`}
              onCommit={(v) => patch(ul, t, which === 'gamma' ? { gammaTarget: v } : { vegaTarget: v })}
            />
            <span className="to">±</span>
            <NumberField
              value={tol}
              digits={0}
              min={0}
              ariaLabel={`${ul} ${which} tolerance`}
              testId={`hedge-target-${which}-tol-${ul}`}
              onCommit={(v) => patch(ul, t, which === 'gamma' ? { gammaTol: v } : { vegaTol: v })}
            />
          </span>
        ) : (
          <span className="muted small">not targeted</span>
        )}
      </td>
      <td className="left unit">{unit}</td>
    </tr>
  );
}
