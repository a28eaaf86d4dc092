/**
 * Stress scenarios as data: the named historical crypto events of METHODOLOGY.md §6 and generic crashes, and the
 * custom-scenario type the builder edits (the same fields).
 *
 * A scenario:
 * - spot: a reference move `spotMove` (BTC's, decimal); an underlying's move is its own entry in `spot` if any,
 *   else betas[ul] × spotMove, else (BTC: 1 ×) defaultBeta × spotMove; moves are floored at −0.99 (a price stays
 *   positive); cash never moves;
 * - vol: a front-end shift `volShift` (decimal, 0.40 = +40 vol points) decaying with maturity: each option's vol
 *   moves by volShift·(30/DTE)^volTermPower (DTE in fractional days; PositionShock.volTermPower), floored at 1e-4;
 * - time: `days` forward (default 0: an instantaneous shock);
 * - basis collapse: a fraction b of every forward's basis to the index disappears: F = S + (1 − b)(F0 − S0)·(1 + m)
 *   for futures, perpetuals and the forwards options are priced on (b = 1: forwards equal the index);
 * - venue default: every position at that venue is lost (its value written off).
 *
 * Sizing of the presets (METHODOLOGY.md §6): BTC and ETH moves from the event table (ETH where the table gives a
 * range, its middle); other coins at beta 1.3 to BTC (the suggested 1.2–1.5 in crashes); front-end vol +25 to +60
 * points with the PME's short-term vega power p = 0.3; basis collapsing by 50–100 % with the severity.
 * These are scenario choices, not history: edit them or build your own.
 *
 * Verified by: stress.test.ts (moves per underlying with betas and floors; validation messages).
 */

export interface StressScenario {
  /** Stable id (kebab-case). */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Reference relative spot move (BTC's), decimal. */
  readonly spotMove: number;
  /** Explicit moves per underlying (decimal), overriding the beta rule. */
  readonly spot?: Readonly<Record<string, number>>;
  /** Betas to the reference move per underlying (BTC defaults to 1). */
  readonly betas?: Readonly<Record<string, number>>;
  /** Beta of underlyings with neither an explicit move nor a beta. */
  readonly defaultBeta: number;
  /** Front-end vol shift (decimal), at 30 days. */
  readonly volShift: number;
  /** Decay exponent p of the vol shift: × (30/DTE)^p. */
  readonly volTermPower: number;
  /** Days forward (default 0). */
  readonly days?: number;
  /** Fraction of the futures basis that collapses (0 … 1). */
  readonly basisCollapse: number;
  /** Venue whose positions are all lost, or null. */
  readonly venueDefault: string | null;
}

/** Moves are floored here so a price stays positive. */
export const MIN_STRESS_MOVE = -0.99;

/** Relative move of `underlying` in scenario `s` (decimal). */
export function stressMoveOf(s: StressScenario, underlying: string): number {
  const explicit = s.spot?.[underlying];
  const beta = s.betas?.[underlying] ?? (underlying === 'BTC' ? 1 : s.defaultBeta);
  return Math.max(explicit ?? beta * s.spotMove, MIN_STRESS_MOVE);
}

const P = 0.3;

/** Preset library (see module header for the sizing). */
export const STRESS_PRESETS: readonly StressScenario[] = [
  {
    id: 'black-thursday-2020',
    name: 'Black Thursday (12–13 Mar 2020)',
    description: 'BTC ≈ −50 % in 24 h ($7.9k → $3.8k), ETH ≈ −50 %; > $1 bn liquidated; ATM IV above 150 %.',
    spotMove: -0.5,
    spot: { ETH: -0.5 },
    defaultBeta: 1.3,
    volShift: 0.6,
    volTermPower: P,
    basisCollapse: 1,
    venueDefault: null,
  },
  {
    id: 'may-19-2021',
    name: '19 May 2021',
    description: 'BTC ≈ −30 % intraday ($43k → $30k), ETH −40 to −46 %; $6.4 bn+ liquidated.',
    spotMove: -0.3,
    spot: { ETH: -0.43 },
    defaultBeta: 1.3,
    volShift: 0.4,
    volTermPower: P,
    basisCollapse: 0.75,
    venueDefault: null,
  },
  {
    id: 'luna-2022',
    name: 'LUNA / UST (7–13 May 2022)',
    description: 'BTC ≈ −30 % over a week, ETH ≈ −35 %; stablecoin depeg and contagion.',
    spotMove: -0.3,
    spot: { ETH: -0.35 },
    defaultBeta: 1.3,
    volShift: 0.25,
    volTermPower: P,
    basisCollapse: 0.5,
    venueDefault: null,
  },
  {
    id: 'ftx-2022',
    name: 'FTX (6–9 Nov 2022)',
    description: 'BTC ≈ −25 %, ETH ≈ −30 %; an exchange failure: set venueDefault to the venue to add counterparty loss.',
    spotMove: -0.25,
    spot: { ETH: -0.3 },
    defaultBeta: 1.3,
    volShift: 0.3,
    volTermPower: P,
    basisCollapse: 0.5,
    venueDefault: null,
  },
  {
    id: 'aug-5-2024',
    name: '5 Aug 2024',
    description: 'BTC −15 % in under 5 h, ETH −20 to −22 %; ≈ $1 bn liquidated.',
    spotMove: -0.15,
    spot: { ETH: -0.21 },
    defaultBeta: 1.3,
    volShift: 0.3,
    volTermPower: P,
    basisCollapse: 0.5,
    venueDefault: null,
  },
  {
    id: 'generic-15',
    name: 'Generic −15 %',
    description: 'BTC −15 %, others at beta 1.3; front-end vol +25; basis halves.',
    spotMove: -0.15,
    defaultBeta: 1.3,
    volShift: 0.25,
    volTermPower: P,
    basisCollapse: 0.5,
    venueDefault: null,
  },
  {
    id: 'generic-30',
    name: 'Generic −30 %',
    description: 'BTC −30 %, others at beta 1.3; front-end vol +40; basis −75 %.',
    spotMove: -0.3,
    defaultBeta: 1.3,
    volShift: 0.4,
    volTermPower: P,
    basisCollapse: 0.75,
    venueDefault: null,
  },
  {
    id: 'generic-50',
    name: 'Generic −50 %',
    description: 'BTC −50 %, others at beta 1.3; front-end vol +60; basis gone.',
    spotMove: -0.5,
    defaultBeta: 1.3,
    volShift: 0.6,
    volTermPower: P,
    basisCollapse: 1,
    venueDefault: null,
  },
];

/** A blank custom scenario for the builder (no shock at all). */
export function emptyStressScenario(id = 'custom', name = 'Custom scenario'): StressScenario {
  return { id, name, description: '', spotMove: 0, defaultBeta: 1, volShift: 0, volTermPower: 0, basisCollapse: 0, venueDefault: null };
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Check a (custom) scenario's fields.
 * @returns one message per problem, empty when the scenario is usable
 */
export function validateStressScenario(s: StressScenario): string[] {
  const errors: string[] = [];
  if (!s.id) errors.push('id: empty');
  if (!s.name) errors.push('name: empty');
  if (!finite(s.spotMove) || s.spotMove <= -1) errors.push('spotMove: must be a number above −1 (decimal, −0.3 = −30 %)');
  for (const [ul, m] of Object.entries(s.spot ?? {})) if (!finite(m) || m <= -1) errors.push(`spot.${ul}: must be a number above −1`);
  for (const [ul, b] of Object.entries(s.betas ?? {})) if (!finite(b)) errors.push(`betas.${ul}: not a number`);
  if (!finite(s.defaultBeta)) errors.push('defaultBeta: not a number');
  if (!finite(s.volShift)) errors.push('volShift: not a number (decimal, 0.4 = +40 vol points)');
  if (!finite(s.volTermPower) || s.volTermPower < 0) errors.push('volTermPower: must be ≥ 0');
  if (s.days !== undefined && (!finite(s.days) || s.days < 0)) errors.push('days: must be ≥ 0');
  if (!finite(s.basisCollapse) || s.basisCollapse < 0 || s.basisCollapse > 1) errors.push('basisCollapse: must be between 0 and 1');
  return errors;
}
