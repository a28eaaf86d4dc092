/**
 * Limits and breaches (issue 6 "Limits"): a pure check of user-set limits against the current figures.
 *
 * Model: each limit is a positive bound on the size of a figure: |delta| per underlying (coin, or USD), |vega|
 * (USD per vol point), VaR (USD, a positive loss), margin usage (IM / equity, decimal, per venue or overall) and
 * venue concentration (a venue's share of the exposure, decimal). utilisation = |value| / limit; a check is
 * `breach` when utilisation > 1, `warn` when ≥ warnAt (default 0.8), else `ok`. A figure that is unknown (null)
 * gives status `unknown`; a limit with no figure at all is reported the same way, never dropped. A margin usage of
 * null (equity ≤ 0) is a breach. A delta limit on an underlying the figures do not list checks a delta of 0 (the
 * book holds none of it).
 *
 * Verified by: limits.test.ts (each kind, warn threshold, unknown figures, ordering).
 */

export interface Limits {
  /** |delta| per underlying, coin. */
  readonly deltaCoin?: Readonly<Record<string, number>>;
  /** |deltaUsd| per underlying, USD. */
  readonly deltaUsd?: Readonly<Record<string, number>>;
  /** |vega| of the book, USD per vol point. */
  readonly vegaUsd?: number;
  /** VaR, USD. */
  readonly varUsd?: number;
  /** IM / equity, decimal (applies to every venue and to the total). */
  readonly marginUsage?: number;
  /** Largest venue share of the exposure, decimal (applies to every venue). */
  readonly venueConcentration?: number;
  /** Utilisation from which a check is `warn` (default 0.8). */
  readonly warnAt?: number;
}

export interface LimitFigures {
  readonly deltaCoin?: Readonly<Record<string, number>>;
  readonly deltaUsd?: Readonly<Record<string, number>>;
  readonly vegaUsd?: number | null;
  readonly varUsd?: number | null;
  /** Margin usage per venue (null = equity ≤ 0), and optionally `total`. */
  readonly marginUsage?: Readonly<Record<string, number | null>>;
  /** Share of the exposure per venue. */
  readonly venueShare?: Readonly<Record<string, number>>;
}

export type LimitMetric = 'deltaCoin' | 'deltaUsd' | 'vegaUsd' | 'varUsd' | 'marginUsage' | 'venueConcentration';
export type LimitStatus = 'ok' | 'warn' | 'breach' | 'unknown';

export interface LimitCheck {
  /** Stable key, e.g. `deltaCoin:BTC`, `marginUsage:deribit`, `vegaUsd`. */
  readonly key: string;
  readonly metric: LimitMetric;
  /** Underlying or venue, null for book-wide limits. */
  readonly scope: string | null;
  readonly limit: number;
  readonly value: number | null;
  /** |value| / limit; null when the value is unknown. */
  readonly utilisation: number | null;
  readonly status: LimitStatus;
}

export interface LimitCheckResult {
  /** Every limit set, in a stable order (metric, then scope). */
  readonly checks: readonly LimitCheck[];
  /** The checks with status `breach`, worst first. */
  readonly breaches: readonly LimitCheck[];
}

/**
 * Check limits against figures (see module header).
 * @returns every check with its utilisation and status, and the breaches, worst first
 */
export function checkLimits(limits: Limits, figures: LimitFigures): LimitCheckResult {
  const warnAt = limits.warnAt ?? 0.8;
  const checks: LimitCheck[] = [];
  const add = (metric: LimitMetric, scope: string | null, limit: number, value: number | null | undefined, nullIsBreach = false): void => {
    const key = scope === null ? metric : `${metric}:${scope}`;
    if (value === null && nullIsBreach) {
      checks.push({ key, metric, scope, limit, value: null, utilisation: null, status: 'breach' });
      return;
    }
    if (value === null || value === undefined || !Number.isFinite(value) || !(limit > 0)) {
      checks.push({ key, metric, scope, limit, value: value ?? null, utilisation: null, status: 'unknown' });
      return;
    }
    const utilisation = Math.abs(value) / limit;
    const status: LimitStatus = utilisation > 1 ? 'breach' : utilisation >= warnAt ? 'warn' : 'ok';
    checks.push({ key, metric, scope, limit, value, utilisation, status });
  };
  for (const [ul, limit] of Object.entries(limits.deltaCoin ?? {})) add('deltaCoin', ul, limit, figures.deltaCoin?.[ul] ?? 0);
  for (const [ul, limit] of Object.entries(limits.deltaUsd ?? {})) add('deltaUsd', ul, limit, figures.deltaUsd?.[ul] ?? 0);
  if (limits.vegaUsd !== undefined) add('vegaUsd', null, limits.vegaUsd, figures.vegaUsd);
  if (limits.varUsd !== undefined) add('varUsd', null, limits.varUsd, figures.varUsd);
  if (limits.marginUsage !== undefined) {
    const usage = Object.entries(figures.marginUsage ?? {});
    if (usage.length === 0) add('marginUsage', null, limits.marginUsage, undefined);
    for (const [venue, u] of usage) add('marginUsage', venue, limits.marginUsage, u, true);
  }
  if (limits.venueConcentration !== undefined) {
    const shares = Object.entries(figures.venueShare ?? {});
    if (shares.length === 0) add('venueConcentration', null, limits.venueConcentration, undefined);
    for (const [venue, share] of shares) add('venueConcentration', venue, limits.venueConcentration, share);
  }
  // Worst first; an unknown utilisation (equity ≤ 0) ranks above any number.
  const rank = (c: LimitCheck): number => c.utilisation ?? Number.MAX_VALUE;
  const breaches = checks.filter((c) => c.status === 'breach').sort((a, b) => rank(b) - rank(a));
  return { checks, breaches };
}
