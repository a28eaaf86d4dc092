/** Hedge suggestions: targets and candidates on the left, the solver's trades and the before / after on the right. */
import { useMemo } from 'react';
import { useAppStore, useAppStoreShallow } from '../../state/hooks.ts';
import { useRiskQuery } from '../../state/riskQuery.ts';
import type { CandidateKind } from '../../engine/index.ts';
import { useHedgeUi } from './hedgeStore.ts';
import { ALL_KINDS, effectiveTargets, scopedGreeks, scopeOf, toEngineTargets, ulOrder } from './suggestModel.ts';
import { historyBaseUrl } from './historyUrl.ts';
import { TargetsCard } from './TargetsCard.tsx';
import { CandidatesCard } from './CandidatesCard.tsx';
import { TradesCard } from './TradesCard.tsx';
import { BeforeAfterCard } from './BeforeAfterCard.tsx';

export function SuggestionsPanel() {
  const { report, market } = useAppStoreShallow((s) => ({ report: s.report, market: s.market }));
  const typed = useHedgeUi((s) => s.targets);
  const kinds = useHedgeUi((s) => s.kinds);
  const excluded = useHedgeUi((s) => s.excluded);
  const scope = useHedgeUi((s) => s.scope);
  const bookStatus = useAppStore((s) => s.resultsStatus);

  const underlyings = useMemo(() => Object.keys(report?.byUnderlying ?? {}).sort(ulOrder), [report]);
  const targets = useMemo(
    () => effectiveTargets(typed, underlyings, (ul) => market?.underlyings[ul]?.index ?? null),
    [typed, underlyings, market],
  );
  const engine = useMemo(() => toEngineTargets(targets), [targets]);
  const current = useMemo(() => scopedGreeks(report?.positions ?? [], scope), [report, scope]);
  const errors = Object.values(engine.errors);
  const params = useMemo(
    () =>
      errors.length > 0 || underlyings.length === 0
        ? null
        : {
            targets: engine.targets,
            kinds: ALL_KINDS.filter((k: CandidateKind) => kinds[k]),
            excluded: [...excluded],
            historyBaseUrl: historyBaseUrl(),
            scope: scopeOf(scope),
          },
    [engine, kinds, excluded, errors.length, underlyings.length, scope],
  );
  const q = useRiskQuery('hedge', 'hedgeSuggest', params, { ignoreScenario: true });
  // A result for older inputs stays on screen while the new one computes, but must never be applied.
  const fresh = q.status === 'done' && bookStatus === 'ready';

  if (!report) return <div className="hedge-empty">Valuing the book…</div>;
  if (underlyings.length === 0) return <div className="hedge-empty">The book has no position with market risk: nothing to hedge.</div>;

  return (
    <div className="hedge-body" data-testid="hedge-suggestions" data-status={q.status}>
      <div className="hedge-cols">
        <div className="hedge-col">
          <TargetsCard underlyings={underlyings} targets={targets} current={current} scope={scope} errors={errors} />
          <CandidatesCard candidates={q.data?.candidates ?? null} kinds={kinds} excluded={excluded} />
        </div>
        <div className="hedge-col">
          <TradesCard query={q} fresh={fresh} />
          {q.data?.outcome.ok ? (
            <BeforeAfterCard
              before={q.data.outcome.before}
              after={q.data.outcome.after}
              underlyings={Object.keys(engine.targets)}
              varConfidence={q.data.varConfidence}
              grid={q.data.heatmapGrid}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
}
