/**
 * Command-line arguments of `npm run report`. Parsing is strict: an unknown flag, a missing value or a malformed
 * shock is a usage error naming exactly what is wrong.
 */
import type { Scenario } from '../domain/scenario.ts';

export type HedgeGreek = 'delta' | 'gamma' | 'vega';
export type HedgeKind = 'perpetual' | 'future' | 'option';

export interface HedgeOptions {
  /** Greeks to bring to zero (delta always). */
  readonly greeks: readonly HedgeGreek[];
  /** Candidate instrument kinds. */
  readonly kinds: readonly HedgeKind[];
}

export interface CliOptions {
  readonly portfolio: string;
  readonly market: string | null;
  readonly json: boolean;
  readonly shock: Scenario | null;
  readonly hedge: HedgeOptions | null;
  /** Deribit portfolio margin per settlement currency. */
  readonly margin: boolean;
  /** PME parameter file (default public/data/margin-params.json). */
  readonly marginParams: string | null;
  /** Historical stress presets. */
  readonly stress: boolean;
  readonly help: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: npm run report -- --portfolio FILE [--market FILE] [--json] [--shock spot=-0.1,vol=0.05,days=1]

  --portfolio FILE   portfolio CSV, JSON or Deribit private/get_positions JSON (required)
  --market FILE      market snapshot JSON or Deribit get_book_summary_by_currency JSON
                     (default: the embedded Deribit chain snapshot, public/data/default-market.json)
  --json             print the report JSON (PRODUCT.md) instead of the table
  --shock SPEC       scenario: spot=<decimal move of every underlying>, spot.<UL>=<move of one underlying>,
                     vol=<decimal vol shift, 0.05 = +5 vol points>, days=<days forward>
  --margin           Deribit portfolio margin (PME) per settlement currency: margin{}
  --margin-params FILE  PME parameter sets (default public/data/margin-params.json)
  --stress           the historical stress presets: stress[]
  --hedge [GREEKS]   suggest least-cost hedge trades bringing GREEKS to zero: delta (default), or e.g. delta,gamma,vega
  --hedge-instruments KINDS  candidates: perpetual, future, option (default: perpetual for delta only, all three otherwise)
  --help             this text`;

/**
 * Parse `spot=-0.1,vol=0.05,days=1` (also `spot.BTC=-0.2`).
 * @throws UsageError on an unknown key or a non-numeric value.
 */
export function parseShock(spec: string): Scenario {
  const spot: Record<string, number> = {};
  let spotAll: number | undefined;
  let vol: number | undefined;
  let days: number | undefined;
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new UsageError(`--shock: "${part}" is not key=value`);
    const key = part.slice(0, eq).trim();
    const text = part.slice(eq + 1).trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) throw new UsageError(`--shock: ${key}="${text}" is not a number`);
    if (key === 'spot') spotAll = value;
    else if (key.startsWith('spot.') && key.length > 5) spot[key.slice(5).toUpperCase()] = value;
    else if (key === 'vol') vol = value;
    else if (key === 'days') {
      if (value < 0) throw new UsageError('--shock: days must be ≥ 0');
      days = value;
    } else throw new UsageError(`--shock: unknown key "${key}" (use spot, spot.<UL>, vol, days)`);
    if (key.startsWith('spot') && value <= -1) throw new UsageError(`--shock: ${key}=${value} would make prices non-positive`);
  }
  return {
    ...(Object.keys(spot).length ? { spot } : {}),
    ...(spotAll !== undefined ? { spotAll } : {}),
    ...(vol !== undefined ? { vol } : {}),
    ...(days !== undefined ? { days } : {}),
  };
}

/** @throws UsageError */
export function parseArgs(argv: readonly string[]): CliOptions {
  let portfolio: string | null = null;
  let market: string | null = null;
  let json = false;
  let shock: Scenario | null = null;
  let help = false;
  let margin = false;
  let marginParams: string | null = null;
  let stress = false;
  let hedgeGreeks: HedgeGreek[] | null = null;
  let hedgeKinds: HedgeKind[] | null = null;
  const list = <T extends string>(flag: string, text: string, allowed: readonly T[]): T[] => {
    const items = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    for (const it of items) if (!(allowed as readonly string[]).includes(it)) throw new UsageError(`${flag}: unknown "${it}" (use ${allowed.join(', ')})`);
    return items as T[];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i++;
      return v;
    };
    switch (flag) {
      case '--portfolio':
        portfolio = value();
        break;
      case '--market':
        market = value();
        break;
      case '--json':
        json = true;
        break;
      case '--shock':
        shock = parseShock(value());
        break;
      case '--hedge': {
        const next = inline ?? argv[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
          if (inline === undefined) i++;
          hedgeGreeks = list('--hedge', next, ['delta', 'gamma', 'vega'] as const);
        } else hedgeGreeks = ['delta'];
        if (!hedgeGreeks.includes('delta')) hedgeGreeks.unshift('delta');
        break;
      }
      case '--margin':
        margin = true;
        break;
      case '--margin-params':
        marginParams = value();
        margin = true;
        break;
      case '--stress':
        stress = true;
        break;
      case '--hedge-instruments':
        hedgeKinds = list('--hedge-instruments', value(), ['perpetual', 'future', 'option'] as const);
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  if (!help && portfolio === null) throw new UsageError('--portfolio FILE is required');
  if (hedgeKinds && !hedgeGreeks) throw new UsageError('--hedge-instruments needs --hedge');
  const hedge = hedgeGreeks
    ? { greeks: hedgeGreeks, kinds: hedgeKinds ?? (hedgeGreeks.length > 1 ? (['perpetual', 'future', 'option'] as const) : (['perpetual'] as const)) }
    : null;
  return { portfolio: portfolio ?? '', market, json, shock, hedge, margin, marginParams, stress, help };
}
