/**
 * Deribit portfolio margin (PME) parameters: data, not code (METHODOLOGY.md §4, "Parameters are data").
 *
 * Model: the parameter object mirrors Deribit's own `model_params` (the `private/pme/simulate` response), with
 * Deribit's snake_case names, so a current set can be pasted from the exchange:
 * - `currency_pair.<ul>_usd`: price and vol scenario parameters of an underlying (`btc_usd`, `eth_usd`);
 * - `currency.<ccy>`: parameters of a settlement currency (`btc`, `eth`, and `usd`, which Deribit applies to the
 *   USDC-settled linear products);
 * - `general`: `mm_factor`, `buckets_count` (price points per side), `vol_scenarios_count` (3: up/same/down), and
 *   our `extended_moves` (the extended table's relative moves, which Deribit does not publish as a parameter).
 * Conventions: moves and vol ranges are decimals (0.16 = 16 %); `extended_dampener`, `max_offsetable_pnl` and
 * `delta_total_liq_shock_threshold` are in USD (METHODOLOGY.md: "unit not stated, take USD").
 *
 * Lookup (see `pairParamsFor` / `currencyParamsFor`): an underlying without its own `<ul>_usd` entry uses the
 * `default` pair (a copy of the ETH set, the wider of the two published ones) and the result carries a warning;
 * the same for a settlement currency without its own entry.
 *
 * The editable data file is public/data/margin-params.json (source cited in margin-params.README.md);
 * DEFAULT_PME_PARAMS below is the same set, kept equal to the file by params.test.ts.
 *
 * Verified by: params.test.ts (file = constant, validation messages).
 */

/** Price and vol scenario parameters of one underlying (Deribit `model_params.currency_pair.<ul>_usd`). */
export interface PmePairParams {
  /** Largest standard-table price move (decimal), e.g. 0.16. */
  readonly price_range: number;
  /** Relative vol-up shock at 30 days (decimal), scaled by (30/DTE)^p. */
  readonly volatility_range_up: number;
  /** Relative vol-down shock at 30 days (decimal), scaled by (30/DTE)^p. */
  readonly volatility_range_down: number;
  /** Vega power p for options with DTE < 30 days. */
  readonly short_term_vega_power: number;
  /** Vega power p for options with DTE ≥ 30 days. */
  readonly long_term_vega_power: number;
  /** Floor of the shocked-up vol (decimal). */
  readonly min_volatility_for_shock_up: number;
  /** Weight of the extended table's scaled P&L. */
  readonly extended_table_factor: number;
  /** Cap of the delta shock as a fraction of the delta notional. */
  readonly max_delta_shock: number;
  /** Delta notional (USD) below which the delta shock is 0. */
  readonly delta_total_liq_shock_threshold: number;
}

/** Parameters of one settlement currency (Deribit `model_params.currency.<ccy>`). */
export interface PmeCurrencyParams {
  /** Roll shock: annualised move risk (decimal). */
  readonly annualised_move_risk: number;
  /** Roll shock floor per expiry (decimal). */
  readonly min_annualised_move: number;
  /** Extended-table dampener, USD. */
  readonly extended_dampener: number;
  /** Share of a positive aggregated P&L entry that counts (0 … 1). */
  readonly pnl_offset: number;
  /** Cap of a credited positive entry, USD (0 = nothing credited). */
  readonly max_offsetable_pnl: number;
}

export interface PmeGeneralParams {
  /** Maintenance margin = mm_factor · risk-matrix margin. */
  readonly mm_factor: number;
  /** Price points per side of the standard table (4 → 9 points). */
  readonly buckets_count: number;
  /** Vol scenarios of the standard table; only 3 (up, same, down) is supported. */
  readonly vol_scenarios_count: number;
  /** Extended table moves (decimal), e.g. −0.66 … +5. */
  readonly extended_moves: readonly number[];
}

export interface PmeParams {
  readonly general: PmeGeneralParams;
  /** Keyed `<ul>_usd` in lower case (`btc_usd`), plus `default`. */
  readonly currency_pair: Readonly<Record<string, PmePairParams>>;
  /** Keyed by settlement currency in lower case (`btc`, `eth`, `usd` for USDC), plus `default`. */
  readonly currency: Readonly<Record<string, PmeCurrencyParams>>;
  /** Free text: where the values come from. */
  readonly source?: string;
}

const BTC_PAIR: PmePairParams = {
  price_range: 0.16,
  volatility_range_up: 0.5,
  volatility_range_down: 0.25,
  short_term_vega_power: 0.3,
  long_term_vega_power: 0.13,
  min_volatility_for_shock_up: 0.5,
  extended_table_factor: 1,
  max_delta_shock: 0.1,
  delta_total_liq_shock_threshold: 20_000_000,
};

const ETH_PAIR: PmePairParams = {
  price_range: 0.18,
  volatility_range_up: 0.4,
  volatility_range_down: 0.25,
  short_term_vega_power: 0.3,
  long_term_vega_power: 0.13,
  min_volatility_for_shock_up: 0.5,
  extended_table_factor: 1,
  max_delta_shock: 0.1,
  delta_total_liq_shock_threshold: 20_000_000,
};

const ETH_CURRENCY: PmeCurrencyParams = {
  annualised_move_risk: 0.05,
  min_annualised_move: 0.005,
  extended_dampener: 200_000,
  pnl_offset: 0.6,
  max_offsetable_pnl: 20_000_000,
};

/** The parameter set of METHODOLOGY.md §4 (Deribit API examples); equal to public/data/margin-params.json. */
export const DEFAULT_PME_PARAMS: PmeParams = {
  source: 'METHODOLOGY.md §4 (Deribit private/pme/simulate model_params examples); see public/data/margin-params.README.md',
  general: {
    mm_factor: 0.8,
    buckets_count: 4,
    vol_scenarios_count: 3,
    extended_moves: [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5],
  },
  currency_pair: { btc_usd: BTC_PAIR, eth_usd: ETH_PAIR, default: ETH_PAIR },
  currency: {
    btc: { annualised_move_risk: 0.075, min_annualised_move: 0.01, extended_dampener: 100_000, pnl_offset: 0, max_offsetable_pnl: 0 },
    eth: ETH_CURRENCY,
    usd: {
      annualised_move_risk: 0.1,
      min_annualised_move: 0.01,
      extended_dampener: 25_000,
      pnl_offset: 0.4,
      max_offsetable_pnl: 1_000_000,
    },
    default: ETH_CURRENCY,
  },
};

/** Deribit's key of a settlement currency's parameters: USDC products use the `usd` set. */
export function currencyKey(settlementCurrency: string): string {
  return settlementCurrency === 'USDC' ? 'usd' : settlementCurrency.toLowerCase();
}

/**
 * Pair parameters of an underlying.
 * @returns the parameters and, when the `default` set had to be used, a warning
 */
export function pairParamsFor(params: PmeParams, underlying: string): { readonly pair: PmePairParams; readonly warning: string | null } {
  const key = `${underlying.toLowerCase()}_usd`;
  const own = params.currency_pair[key];
  if (own) return { pair: own, warning: null };
  const fallback = params.currency_pair['default'] ?? ETH_PAIR;
  return { pair: fallback, warning: `no PME parameters for ${key}: the default pair set was used` };
}

/**
 * Parameters of a settlement currency (`USDC` → Deribit's `usd`).
 * @returns the parameters and, when the `default` set had to be used, a warning
 */
export function currencyParamsFor(
  params: PmeParams,
  settlementCurrency: string,
): { readonly currency: PmeCurrencyParams; readonly warning: string | null } {
  const key = currencyKey(settlementCurrency);
  const own = params.currency[key];
  if (own) return { currency: own, warning: null };
  const fallback = params.currency['default'] ?? ETH_CURRENCY;
  return { currency: fallback, warning: `no PME parameters for currency ${key}: the default currency set was used` };
}

/** Result of reading a parameter file: the parameters or every problem found. */
export type PmeParamsParse = { readonly ok: true; readonly value: PmeParams } | { readonly ok: false; readonly errors: readonly string[] };

const PAIR_KEYS: readonly (keyof PmePairParams)[] = [
  'price_range',
  'volatility_range_up',
  'volatility_range_down',
  'short_term_vega_power',
  'long_term_vega_power',
  'min_volatility_for_shock_up',
  'extended_table_factor',
  'max_delta_shock',
  'delta_total_liq_shock_threshold',
];
const CURRENCY_KEYS: readonly (keyof PmeCurrencyParams)[] = [
  'annualised_move_risk',
  'min_annualised_move',
  'extended_dampener',
  'pnl_offset',
  'max_offsetable_pnl',
];

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNonNeg = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** Copy the named non-negative numbers of `obj`, collecting an error for each missing or invalid one. */
function readNumbers<K extends string>(obj: unknown, keys: readonly K[], where: string, errors: string[]): Record<K, number> | null {
  if (!isRecord(obj)) {
    errors.push(`${where}: not an object`);
    return null;
  }
  const out = {} as Record<K, number>;
  for (const k of keys) {
    const v = obj[k];
    if (!isNonNeg(v)) errors.push(`${where}.${k}: ${v === undefined ? 'missing' : `${JSON.stringify(v)} is not a non-negative number`}`);
    else out[k] = v;
  }
  return out;
}

/**
 * Validate a parameter object (e.g. the parsed margin-params.json, or Deribit's `model_params` with
 * `general.extended_moves` added). Unknown keys (Deribit's `m_inc`, `haircut`, …) are ignored.
 * @returns the parameters, or every error with its path (`currency_pair.btc_usd.price_range: missing`)
 */
export function parsePmeParams(json: unknown): PmeParamsParse {
  const errors: string[] = [];
  if (!isRecord(json)) return { ok: false, errors: ['PME parameters: not a JSON object'] };
  const g = json['general'];
  let general: PmeGeneralParams | null = null;
  const nums = readNumbers(g, ['mm_factor', 'buckets_count', 'vol_scenarios_count'] as const, 'general', errors);
  if (nums && isRecord(g)) {
    const moves = g['extended_moves'] ?? DEFAULT_PME_PARAMS.general.extended_moves;
    if (!Array.isArray(moves) || moves.some((m) => typeof m !== 'number' || !Number.isFinite(m) || m === 0 || m <= -1)) {
      errors.push('general.extended_moves: must be an array of non-zero moves > −1');
    } else if (!Number.isInteger(nums.buckets_count) || nums.buckets_count < 1) {
      errors.push('general.buckets_count: must be a positive integer');
    } else if (nums.vol_scenarios_count !== 3) {
      errors.push('general.vol_scenarios_count: only 3 (up, same, down) is supported');
    } else {
      general = { ...nums, extended_moves: moves as number[] };
    }
  }
  const pairs: Record<string, PmePairParams> = {};
  const cp = json['currency_pair'];
  if (!isRecord(cp)) errors.push('currency_pair: not an object');
  else {
    for (const [k, v] of Object.entries(cp)) {
      const p = readNumbers(v, PAIR_KEYS, `currency_pair.${k}`, errors);
      if (p && !(p.price_range > 0)) errors.push(`currency_pair.${k}.price_range: must be positive`);
      else if (p) pairs[k] = p;
    }
  }
  const currencies: Record<string, PmeCurrencyParams> = {};
  const cc = json['currency'];
  if (!isRecord(cc)) errors.push('currency: not an object');
  else {
    for (const [k, v] of Object.entries(cc)) {
      const c = readNumbers(v, CURRENCY_KEYS, `currency.${k}`, errors);
      if (c) currencies[k] = c;
    }
  }
  if (errors.length > 0 || !general) return { ok: false, errors };
  const source = typeof json['source'] === 'string' ? json['source'] : undefined;
  return { ok: true, value: { general, currency_pair: pairs, currency: currencies, ...(source === undefined ? {} : { source }) } };
}
