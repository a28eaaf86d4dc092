import type { Limits, StressScenario } from '../../engine/index.ts';
import type { SliceCreator } from '../appState.ts';

/**
 * Inputs of the analysis views (stress, margin, exposure, limits) that belong to the session and are saved with
 * it: custom stress scenarios, limits, counterparty PD/LGD, funding rates, operational-risk and outage inputs, and an
 * edited PME parameter set. One immutable object, replaced on every change, so autosave sees "it changed" by
 * identity (persistence.ts) and a restore is one assignment.
 *
 * Units are in the names: `Pct` fields are percent as typed (2 = 2 %); custom scenarios and limits are kept in the
 * engine's own decimal shapes (`StressScenario`, `Limits`) because they cross to the worker unchanged.
 */
export interface OutageInputs {
  /** Hours without hedging. */
  readonly hours: number;
  /** Move in standard deviations of the underlying over those hours. */
  readonly k: number;
  /** The venue that is down; null = every position (a market-wide outage). */
  readonly venue: string | null;
}

/**
 * SPAN-style margin parameters as typed in the Margin tab, in the units shown there; null = the engine's default
 * (engine/margin/span.ts). The calendar rates fall back together to the PME roll-shock parameters of each currency.
 */
export interface SpanSettings {
  /** Vol scan, vol points. */
  readonly volScanPts: number | null;
  /** Extreme move, × scan range. */
  readonly extremeMultiple: number | null;
  /** Share of the extreme move's P&L that counts, percent. */
  readonly extremeCoverPct: number | null;
  /** Time decay in every scenario, days. */
  readonly lookAheadDays: number | null;
  /** Short option minimum, percent of the outright scan charge per short option coin. */
  readonly shortOptionMinimumPct: number | null;
  /** Calendar spread rate: annualised move and floor, percent. */
  readonly calendarAnnualPct: number | null;
  readonly calendarMinPct: number | null;
}

/** Edited Deribit standard-margin rates of a futures product line, percent (null = the published or assumed default). */
export interface StandardRateEdit {
  readonly imPct: number | null;
  readonly mmPct: number | null;
  readonly addOnPctPerCoin: number | null;
}

export const DEFAULT_SPAN_SETTINGS: SpanSettings = {
  volScanPts: null,
  extremeMultiple: null,
  extremeCoverPct: null,
  lookAheadDays: null,
  shortOptionMinimumPct: null,
  calendarAnnualPct: null,
  calendarMinPct: null,
};

export interface AnalysisSettings {
  readonly customStress: readonly StressScenario[];
  readonly limits: Limits;
  /** Annual probability of default per venue, percent. Missing = no PD (no expected loss shown). */
  readonly pdPct: Readonly<Record<string, number>>;
  /** Loss given default per venue, percent (missing = 100 %). */
  readonly lgdPct: Readonly<Record<string, number>>;
  /** Perpetual funding rate per underlying, annualised percent (missing = the market's, else 0). */
  readonly fundingRatePct: Readonly<Record<string, number>>;
  /** Operational add-on as a percent of the assets held at a venue: default, and per venue. */
  readonly opRiskRatePct: number;
  readonly opRiskRatePctByVenue: Readonly<Record<string, number>>;
  readonly outage: OutageInputs;
  /**
   * Edited PME parameters (Deribit `model_params` shape, as parsed JSON); null = public/data/margin-params.json.
   * Kept as the user wrote it; the worker validates it with parsePmeParams and says when it falls back.
   */
  readonly pmeParamsOverride: unknown;
  /** SPAN-style margin parameters (Margin tab). */
  readonly span: SpanSettings;
  /** Edited standard-margin futures rates by product line (`BTC`, `SOL_USDC`, `default` …). */
  readonly standardRates: Readonly<Record<string, StandardRateEdit>>;
}

export const DEFAULT_ANALYSIS: AnalysisSettings = {
  customStress: [],
  limits: {},
  pdPct: {},
  lgdPct: {},
  fundingRatePct: {},
  opRiskRatePct: 1,
  opRiskRatePctByVenue: {},
  outage: { hours: 4, k: 3, venue: null },
  pmeParamsOverride: null,
  span: DEFAULT_SPAN_SETTINGS,
  standardRates: {},
};

export interface AnalysisSlice {
  analysis: AnalysisSettings;
  /** Add a custom scenario, or replace the one with the same id. */
  saveCustomStress: (scenario: StressScenario) => void;
  deleteCustomStress: (id: string) => void;
  setLimits: (limits: Limits) => void;
  /** `null` removes the entry. */
  setVenuePd: (venue: string, pct: number | null) => void;
  setVenueLgd: (venue: string, pct: number | null) => void;
  setFundingRate: (underlying: string, annualPct: number | null) => void;
  setOpRiskRate: (pct: number) => void;
  setOpRiskVenueRate: (venue: string, pct: number | null) => void;
  setOutage: (outage: Partial<OutageInputs>) => void;
  setPmeParamsOverride: (params: unknown) => void;
  /** One SPAN parameter; null = back to its default. */
  setSpanSetting: (key: keyof SpanSettings, value: number | null) => void;
  /** One standard rate of a product line; null = back to its default. */
  setStandardRate: (line: string, field: keyof StandardRateEdit, value: number | null) => void;
  /** Every SPAN and standard-margin parameter back to its default. */
  resetMarginModels: () => void;
  /** Replace everything (restore from storage). */
  restoreAnalysis: (settings: AnalysisSettings) => void;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function withEntry(record: Readonly<Record<string, number>>, key: string, value: number | null): Record<string, number> {
  const { [key]: _old, ...rest } = record;
  return value === null || !finite(value) ? rest : { ...rest, [key]: value };
}

export const createAnalysisSlice: SliceCreator<AnalysisSlice> = (set) => {
  const update = (fn: (a: AnalysisSettings) => Partial<AnalysisSettings>) =>
    set((s) => ({ analysis: { ...s.analysis, ...fn(s.analysis) } }));
  return {
    analysis: DEFAULT_ANALYSIS,
    saveCustomStress: (scenario) =>
      update((a) => {
        const at = a.customStress.findIndex((c) => c.id === scenario.id);
        const customStress = at < 0 ? [...a.customStress, scenario] : a.customStress.map((c, i) => (i === at ? scenario : c));
        return { customStress };
      }),
    deleteCustomStress: (id) => update((a) => ({ customStress: a.customStress.filter((c) => c.id !== id) })),
    setLimits: (limits) => update(() => ({ limits })),
    setVenuePd: (venue, pct) => update((a) => ({ pdPct: withEntry(a.pdPct, venue, pct) })),
    setVenueLgd: (venue, pct) => update((a) => ({ lgdPct: withEntry(a.lgdPct, venue, pct) })),
    setFundingRate: (underlying, annualPct) => update((a) => ({ fundingRatePct: withEntry(a.fundingRatePct, underlying, annualPct) })),
    setOpRiskRate: (pct) => {
      if (finite(pct) && pct >= 0) update(() => ({ opRiskRatePct: pct }));
    },
    setOpRiskVenueRate: (venue, pct) => update((a) => ({ opRiskRatePctByVenue: withEntry(a.opRiskRatePctByVenue, venue, pct) })),
    setOutage: (outage) =>
      update((a) => ({
        outage: {
          hours: finite(outage.hours) && outage.hours >= 0 ? outage.hours : a.outage.hours,
          k: finite(outage.k) && outage.k >= 0 ? outage.k : a.outage.k,
          venue: outage.venue === undefined ? a.outage.venue : outage.venue,
        },
      })),
    setPmeParamsOverride: (pmeParamsOverride) => update(() => ({ pmeParamsOverride })),
    setSpanSetting: (key, value) =>
      update((a) => ({ span: { ...a.span, [key]: value !== null && finite(value) && value >= 0 ? value : null } })),
    setStandardRate: (line, field, value) =>
      update((a) => {
        const old = a.standardRates[line] ?? { imPct: null, mmPct: null, addOnPctPerCoin: null };
        const next = { ...old, [field]: value !== null && finite(value) && value >= 0 ? value : null };
        const { [line]: _old, ...rest } = a.standardRates;
        const empty = next.imPct === null && next.mmPct === null && next.addOnPctPerCoin === null;
        return { standardRates: empty ? rest : { ...rest, [line]: next } };
      }),
    resetMarginModels: () => update(() => ({ span: DEFAULT_SPAN_SETTINGS, standardRates: {} })),
    // Through the reader: a session object that skipped parsing (or an older one) still restores safely.
    restoreAnalysis: (analysis) => set({ analysis: parseAnalysisSettings(analysis) }),
  };
};

// ---------------------------------------------------------------------------------------------------------------
// Reading a saved copy (IndexedDB may hold what another version wrote): keep what is well-formed, drop the rest.

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function numberRecord(x: unknown): Record<string, number> {
  if (!isRecord(x)) return {};
  return Object.fromEntries(Object.entries(x).filter((e): e is [string, number] => finite(e[1])));
}

function isStressScenario(x: unknown): x is StressScenario {
  return (
    isRecord(x) &&
    typeof x.id === 'string' &&
    typeof x.name === 'string' &&
    typeof x.description === 'string' &&
    finite(x.spotMove) &&
    finite(x.defaultBeta) &&
    finite(x.volShift) &&
    finite(x.volTermPower) &&
    finite(x.basisCollapse) &&
    (x.venueDefault === null || typeof x.venueDefault === 'string') &&
    (x.spot === undefined || isRecord(x.spot)) &&
    (x.betas === undefined || isRecord(x.betas)) &&
    (x.days === undefined || finite(x.days))
  );
}

function readLimits(x: unknown): Limits {
  if (!isRecord(x)) return {};
  const out: { -readonly [K in keyof Limits]: Limits[K] } = {};
  if (isRecord(x.deltaCoin)) out.deltaCoin = numberRecord(x.deltaCoin);
  if (isRecord(x.deltaUsd)) out.deltaUsd = numberRecord(x.deltaUsd);
  for (const k of ['vegaUsd', 'varUsd', 'marginUsage', 'venueConcentration', 'warnAt'] as const) if (finite(x[k])) out[k] = x[k];
  return out;
}

/**
 * The analysis settings in a saved session, field by field: a malformed field falls back to its default (a bad
 * limit never costs the user their book or their scenarios).
 */
export function parseAnalysisSettings(x: unknown): AnalysisSettings {
  if (!isRecord(x)) return DEFAULT_ANALYSIS;
  const d = DEFAULT_ANALYSIS;
  const outage = isRecord(x.outage) ? x.outage : {};
  return {
    customStress: Array.isArray(x.customStress) ? x.customStress.filter(isStressScenario) : d.customStress,
    limits: readLimits(x.limits),
    pdPct: numberRecord(x.pdPct),
    lgdPct: numberRecord(x.lgdPct),
    fundingRatePct: numberRecord(x.fundingRatePct),
    opRiskRatePct: finite(x.opRiskRatePct) && x.opRiskRatePct >= 0 ? x.opRiskRatePct : d.opRiskRatePct,
    opRiskRatePctByVenue: numberRecord(x.opRiskRatePctByVenue),
    outage: {
      hours: finite(outage.hours) && outage.hours >= 0 ? outage.hours : d.outage.hours,
      k: finite(outage.k) && outage.k >= 0 ? outage.k : d.outage.k,
      venue: typeof outage.venue === 'string' ? outage.venue : null,
    },
    pmeParamsOverride: isRecord(x.pmeParamsOverride) ? x.pmeParamsOverride : null,
    span: readSpanSettings(x.span),
    standardRates: readStandardRates(x.standardRates),
  };
}

const optionalNonNegative = (x: unknown): number | null => (finite(x) && x >= 0 ? x : null);

function readSpanSettings(x: unknown): SpanSettings {
  if (!isRecord(x)) return DEFAULT_SPAN_SETTINGS;
  const out: Record<string, number | null> = {};
  for (const k of Object.keys(DEFAULT_SPAN_SETTINGS)) out[k] = optionalNonNegative(x[k]);
  return out as unknown as SpanSettings;
}

function readStandardRates(x: unknown): Record<string, StandardRateEdit> {
  if (!isRecord(x)) return {};
  const out: Record<string, StandardRateEdit> = {};
  for (const [line, v] of Object.entries(x)) {
    if (!isRecord(v)) continue;
    const e = {
      imPct: optionalNonNegative(v.imPct),
      mmPct: optionalNonNegative(v.mmPct),
      addOnPctPerCoin: optionalNonNegative(v.addOnPctPerCoin),
    };
    if (e.imPct !== null || e.mmPct !== null || e.addOnPctPerCoin !== null) out[line] = e;
  }
  return out;
}
