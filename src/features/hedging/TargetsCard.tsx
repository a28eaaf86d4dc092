/**
 * Targets per underlying: USD or coin delta flat / band / left alone; optional gamma (USD per 1 %) and vega (USD per
 * vol point); all of them for the positions of one scope (whole book, Deribit account or Deribit derivatives).
 */
import type { DeltaMeasure } from '../../engine/index.ts';
import { NumberField } from '../../components/NumberField.tsx';
import { formatCoin, formatUsd } from '../../lib/format.ts';
import { hedgeStore } from './hedgeStore.ts';
import {
  deltaRowLabel,
  SCOPE_CHOICES,
  scopeChoiceLabel,
  type DeltaMode,
  type ScopeChoice,
  type ScopedGreeks,
  type TargetInput,
} from './suggestModel.ts';

interface Props {
  readonly underlyings: readonly string[];
  readonly targets: Readonly<Record<string, TargetInput>>;
  /** The scope's figures now. */
  readonly current: Readonly<Record<string, ScopedGreeks>>;
  readonly scope: ScopeChoice;
  readonly errors: readonly string[];
}

function patch(ul: string, base: TargetInput, change: Partial<TargetInput>): void {
  const s = hedgeStore.getState();
  s.set({ targets: { ...s.targets, [ul]: { ...base, ...change } } });
}

const TIPS = {
  now: 'The scope now (current market, what-if rows included)',
  scope:
    'Whose Greeks the targets apply to. Whole book: every venue, spot held anywhere included (the P&L you feel). Deribit account: the positions and coin collateral held at Deribit. Deribit derivatives: what Deribit’s portfolio margin sees (collateral left out). Hedges are Deribit trades',
  measure: {
    usd: 'USD delta (∂V/∂m in USD): the USD P&L per unit move of the underlying, spot collateral and the unrealised coin P&L of inverse futures included. Flat = USD-neutral',
    coin: 'Coin delta (Deribit’s delta): options Δ, inverse futures N/F, spot its coins. Flat coin delta still leaves USD delta where an inverse future’s entry differs from its forward',
  } satisfies Record<DeltaMeasure, string>,
  delta: 'Flat: 0; Band: anywhere between the two bounds; Leave: delta is not constrained',
  gamma: 'Gamma as the change of USD delta for a +1 % move. Tick to ask for this gamma ± the tolerance (needs options)',
  vega: 'Vega in USD per vol point, all expiries. Tick to ask for this vega ± the tolerance (needs options)',
};

export function TargetsCard({ underlyings, targets, current, scope, errors }: Props) {
  return (
    <section className="hedge-card" aria-label="Hedge targets">
      <header className="hedge-card-head">
        <h3>Targets</h3>
        <label className="hedge-scope" title={TIPS.scope}>
          of
          <select
            className="select"
            value={scope}
            aria-label="Whose Greeks the targets apply to"
            data-testid="hedge-target-scope"
            onChange={(e) => hedgeStore.getState().set({ scope: e.target.value as ScopeChoice })}
          >
            {SCOPE_CHOICES.map((c) => (
              <option key={c} value={c}>
                {scopeChoiceLabel(c)}
              </option>
            ))}
          </select>
        </label>
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
          const usd = t.deltaMeasure === 'usd';
          return (
            <tbody key={ul}>
              <tr className="group-row">
                <th colSpan={4}>{ul}</th>
              </tr>
              <tr data-testid={`hedge-target-delta-row-${ul}`} data-measure={t.deltaMeasure}>
                <td className="measure" title={TIPS.measure[t.deltaMeasure]}>
                  <select
                    className="select select-measure"
                    value={t.deltaMeasure}
                    aria-label={`${ul} delta measure`}
                    data-testid={`hedge-target-delta-measure-${ul}`}
                    onChange={(e) => patch(ul, t, { deltaMeasure: e.target.value as DeltaMeasure })}
                  >
                    <option value="usd">{deltaRowLabel('usd')}</option>
                    <option value="coin">{deltaRowLabel('coin')}</option>
                  </select>
                </td>
                <td className="num now" data-testid={`hedge-target-delta-now-${ul}`} data-value={usd ? g?.deltaUsd : g?.delta}>
                  {usd ? formatUsd(g?.deltaUsd ?? 0, { digits: 0 }) : formatCoin(g?.delta ?? 0)}
                </td>
                <td className="ctrl" title={TIPS.delta}>
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
                          key={`lo-${t.deltaMeasure}`}
                          value={usd ? t.deltaUsdLo : t.deltaLo}
                          digits={usd ? 0 : 4}
                          ariaLabel={`${ul} delta band low`}
                          testId={`hedge-target-delta-lo-${ul}`}
                          onCommit={(v) => patch(ul, t, usd ? { deltaUsdLo: v } : { deltaLo: v })}
                        />
                        <span className="to">to</span>
                        <NumberField
                          key={`hi-${t.deltaMeasure}`}
                          value={usd ? t.deltaUsdHi : t.deltaHi}
                          digits={usd ? 0 : 4}
                          ariaLabel={`${ul} delta band high`}
                          testId={`hedge-target-delta-hi-${ul}`}
                          onCommit={(v) => patch(ul, t, usd ? { deltaUsdHi: v } : { deltaHi: v })}
                        />
                      </>
                    ) : null}
                  </span>
                </td>
                <td className="left unit">{usd ? 'USD' : ul}</td>
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
              digits={2}
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
