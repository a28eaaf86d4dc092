/** Tooltips of the summary figures: what each number is, in the units shown (PRODUCT.md definitions). */
export const TIPS = {
  value:
    'Sum of the positions’ USD value at the snapshot’s marks: options at their Black-76 mark (coin marks × index), futures and perpetuals at their P&L vs entry, spot × index, cash at face. Unpriced positions and excluded what-ifs are not included.',
  scenario:
    'USD value after the what-if shock minus the value now: spot moves per underlying (index, perpetual and forwards move together), a parallel vol shift on every smile, and the valuation time moved forward. Full revaluation, what-if trades included.',
  vega: 'Sum over all underlyings of the USD P&L for +1 vol point on every implied vol (Deribit vega, per position × quantity).',
  theta:
    'Sum over all underlyings of the USD P&L of one calendar day passing (Deribit theta rule: capped at the option’s value, scaled inside the last day).',
  delta:
    'Coins of the underlying: options N(d1) × quantity (Deribit’s forward delta, not premium-adjusted); futures, perpetuals and spot their coin quantity.',
  deltaUsd: 'USD P&L per unit relative move of this underlying (∂V/∂m): ≈ delta × spot for linear products; 1 % move ≈ this ÷ 100.',
  deltaTotal:
    'Deribit’s account “Delta Total”: options N(d1) − mark in coin (premium-adjusted), futures and perpetuals their coin quantity; spot and cash excluded (they are equity).',
  gamma: 'Change of coin delta per USD move of the forward (∂²V/∂F² in coin per USD).',
  gammaUsd: 'Change of USD delta for a +1 % move of the underlying: how much the hedge in USD drifts per 1 %.',
  vegaUl: 'USD P&L for +1 vol point on every implied vol of this underlying.',
  thetaUl: 'USD P&L of one calendar day passing for this underlying’s positions.',
  scenarioUl: 'Scenario P&L of this underlying’s positions (the card on the left is the book total).',
} as const;
