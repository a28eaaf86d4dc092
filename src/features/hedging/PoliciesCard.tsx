/** The delta-hedging policies to compare: rule (band or fixed interval), its parameter, and the cost per trade. */
import { NumberField } from '../../components/NumberField.tsx';
import { DEFAULT_COST_BPS, nextPolicyId, policyColor, policyLabel, type PolicyInput } from './simulationModel.ts';

interface Props {
  readonly underlying: string;
  readonly policies: readonly PolicyInput[];
  readonly onChange: (next: PolicyInput[]) => void;
}

const MAX_POLICIES = 6;

export function PoliciesCard({ underlying, policies, onChange }: Props) {
  const update = (id: string, change: Partial<PolicyInput>) => onChange(policies.map((p) => (p.id === id ? { ...p, ...change } : p)));
  const add = () => {
    const last = policies[policies.length - 1];
    onChange([
      ...policies,
      { id: nextPolicyId(policies), kind: 'band', bandCoin: last?.bandCoin ?? 1, everyDays: 1, costBps: last?.costBps ?? DEFAULT_COST_BPS },
    ]);
  };
  return (
    <table className="hedge-table hedge-policies" data-testid="hedge-policies">
      <thead>
        <tr>
          <th className="left">Policy</th>
          <th
            className="left"
            title="Band: trade back to zero delta when the hedge is off by more than the band. Interval: trade back every N days"
          >
            Rebalance
          </th>
          <th className="left" title="Band half-width in coin of the underlying, or the interval in days">
            Parameter
          </th>
          <th title="Cost of each hedge trade, basis points of the traded notional">
            Cost<span className="unit">bp</span>
          </th>
          <th className="left">Name in the results</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {policies.map((p, i) => (
          <tr key={p.id} data-testid="hedge-policy-row">
            <td className="left">
              <span className="hedge-swatch" style={{ background: policyColor(i) }} /> {i + 1}
            </td>
            <td className="left">
              <select
                className="select"
                value={p.kind}
                aria-label={`Policy ${i + 1} rule`}
                data-testid={`hedge-policy-kind-${i}`}
                onChange={(e) => update(p.id, { kind: e.target.value as PolicyInput['kind'] })}
              >
                <option value="band">Delta band</option>
                <option value="interval">Fixed interval</option>
              </select>
            </td>
            <td className="left">
              {p.kind === 'band' ? (
                <span className="ctrl-inner">
                  ±
                  <NumberField
                    value={p.bandCoin}
                    digits={4}
                    min={0}
                    ariaLabel={`Policy ${i + 1} band (${underlying})`}
                    testId={`hedge-policy-band-${i}`}
                    onCommit={(v) => update(p.id, { bandCoin: v })}
                  />
                  <span className="unit">{underlying}</span>
                </span>
              ) : (
                <span className="ctrl-inner">
                  every
                  <NumberField
                    value={p.everyDays}
                    digits={0}
                    min={1}
                    step={1}
                    ariaLabel={`Policy ${i + 1} interval (days)`}
                    testId={`hedge-policy-days-${i}`}
                    onCommit={(v) => update(p.id, { everyDays: v })}
                  />
                  <span className="unit">days</span>
                </span>
              )}
            </td>
            <td className="num">
              <NumberField
                value={p.costBps}
                digits={2}
                min={0}
                ariaLabel={`Policy ${i + 1} cost (bp)`}
                testId={`hedge-policy-cost-${i}`}
                onCommit={(v) => update(p.id, { costBps: v })}
              />
            </td>
            <td className="left muted">{policyLabel(p, underlying)}</td>
            <td>
              <button
                type="button"
                className="icon-btn danger"
                title="Remove this policy"
                aria-label={`Remove policy ${i + 1}`}
                disabled={policies.length <= 1}
                onClick={() => onChange(policies.filter((x) => x.id !== p.id))}
              >
                ✕
              </button>
            </td>
          </tr>
        ))}
        <tr>
          <td colSpan={6} className="left">
            <button
              type="button"
              className="btn btn-small"
              data-testid="hedge-policy-add"
              disabled={policies.length >= MAX_POLICIES}
              onClick={add}
            >
              + Add policy
            </button>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
