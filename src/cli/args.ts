/**
 * Command-line arguments of `npm run report`. Parsing is strict: an unknown flag, a missing value or a malformed
 * shock is a usage error naming exactly what is wrong.
 */
import type { Scenario } from '../domain/scenario.ts';

export type HedgeGreek = 'delta' | 'gamma' | 'vega';
export type HedgeKind = 'perpetual' | 'future' | 'option';

export type HedgeDeltaMeasure = 'usd' | 'coin';
/** Whose Greeks the hedge targets: every venue, the Deribit account, or Deribit's derivatives only. */
export type HedgeScopeOption = 'book' | 'deribit' | 'deribit-derivatives';

export interface HedgeOptions {
  /** Greeks to bring to zero (delta always). */
  readonly greeks: readonly HedgeGreek[];
  /** Candidate instrument kinds. */
  readonly kinds: readonly HedgeKind[];
  /** Delta flattened: USD delta (deltaUsd, default) or coin delta. */
  readonly deltaMeasure: HedgeDeltaMeasure;
  /** Positions whose Greeks are targeted (default the whole book). */
  readonly scope: HedgeScopeOption;
}

export type CliVarMethod = 'historical' | 'parametric' | 'montecarlo';

/** VaR options of the CLI (PRODUCT.md `var`; defaults: 0.99, 1 day, 365 returns, 10,000 paths, seed 1). */
export interface VarOptions {
  readonly method: CliVarMethod;
  readonly confidence: number;
  readonly horizonDays: number;
  readonly window: number;
  readonly paths: number;
  readonly seed: number;
  readonly overlapping: boolean;
  readonly filtered: boolean;
  readonly volFromDvol: boolean;
  readonly deltaGamma: boolean;
  readonly distribution: 'normal' | 'student-t';
  readonly dof: number;
  readonly backtest: boolean;
}

/** Live Deribit options of the CLI (the market from the API, the book from an account, current histories). */
export interface LiveCliOptions {
  /** Build the market from Deribit's live API instead of a file. */
  readonly live: boolean;
  /** Any JSON-RPC WebSocket endpoint (e.g. a mock server); default production, or testnet with --testnet. */
  readonly url: string | null;
  readonly testnet: boolean;
  /** Deribit currencies to load (default BTC, ETH). */
  readonly currencies: readonly string[];
  /** The book from the account of DERIBIT_CLIENT_ID / DERIBIT_CLIENT_SECRET (environment only). */
  readonly account: boolean;
  /** Fetch the daily histories up to yesterday into the history cache. */
  readonly refreshHistory: boolean;
  /** The history cache directory (default documented in README); VaR/backtest use it when set or refreshed. */
  readonly historyDir: string | null;
}

/** SPAN-style margin parameters set on the command line (the rest keep their defaults; engine/margin/span.ts). */
export interface SpanCliParams {
  /** Short option minimum per coin of short option, fraction of the outright scan charge. */
  readonly shortOptionMinimum?: number;
  readonly extremeMultiple?: number;
  readonly extremeCover?: number;
  /** Decimal vol points (0.10 = 10). */
  readonly volScan?: number;
  readonly lookAheadDays?: number;
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
  /** SPAN-style margin parameters (with --margin). */
  readonly span: SpanCliParams;
  /** Historical stress presets. */
  readonly stress: boolean;
  /** VaR (and backtest) options, null without --var/--backtest. */
  readonly var: VarOptions | null;
  readonly help: boolean;
  readonly live: LiveCliOptions;
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
    with --margin, also Deribit standard margin (marginStandard{}) and SPAN-style margin (marginSpan{}):
    --span-short-option-min F  short option minimum, fraction of the scan charge per short option coin (default 0.1)
    --span-extreme-multiple X  extreme move = X × scan range (default 2)   --span-extreme-cover F  its cover (default 0.35)
    --span-vol-scan V          vol scan, decimal (default 0.10)   --span-look-ahead D  days of time decay (default 1)
  --stress           the historical stress presets: stress[]
  --var METHOD       historical | parametric | montecarlo: fills var{} (VaR and ES as positive USD losses)
    --confidence C   default 0.99        --horizon H   days, default 1 (√h scaling unless --overlapping)
    --window N       returns, default 365  --paths N   Monte Carlo paths, default 10000   --seed N  default 1
    --overlapping    overlapping h-day returns   --filtered   EWMA-filtered historical simulation
    --dvol           historical: apply daily DVOL changes to vols   --delta-gamma   parametric Cornish-Fisher
    --student-t [DOF]  Monte Carlo with Student-t draws (default 4 degrees of freedom)
  --backtest         rolling VaR backtest over the last 250 days (historical unless --var parametric): backtest{}
  --hedge [GREEKS]   suggest least-cost hedge trades bringing GREEKS to zero: delta (default), or e.g. delta,gamma,vega
  --hedge-instruments KINDS  candidates: perpetual, future, option (default: perpetual for delta only, all three otherwise)
  --hedge-delta usd|coin     delta to flatten: USD delta (deltaUsd, a USD-neutral book; default) or coin delta
  --hedge-scope book|deribit|deribit-derivatives  whose Greeks: every venue (default), the Deribit account
                     (its collateral included) or Deribit's derivatives only (what its margin sees)
  --live             the market from Deribit's live API (book summaries, instruments, index prices), built like --market
    --deribit-url URL  any Deribit JSON-RPC WebSocket endpoint (default wss://www.deribit.com/ws/api/v2)
    --testnet        wss://test.deribit.com/ws/api/v2      --currencies LIST  default BTC,ETH (USDC for linear products)
  --account          the book from a Deribit account: DERIBIT_CLIENT_ID and DERIBIT_CLIENT_SECRET from the environment
                     (never from arguments); use a read-only key (account:read, trade:read)
  --refresh-history  fetch daily prices and DVOL up to yesterday into the history cache (at most once a day)
  --history-dir DIR  the history cache (default $XDG_CACHE_HOME/riskdeck/history or ~/.cache/riskdeck/history);
                     with either flag, VaR and the backtest use the bundled histories extended by the cache
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
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
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
  const span: { -readonly [K in keyof SpanCliParams]: SpanCliParams[K] } = {};
  let stress = false;
  let hedgeGreeks: HedgeGreek[] | null = null;
  let varMethod: CliVarMethod | null = null;
  let backtest = false;
  const varNum: Record<string, number> = {};
  const varFlags = new Set<string>();
  let dof = 4;
  let studentT = false;
  const num = (flag: string, text: string, check: (v: number) => boolean, what: string): number => {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v) || !check(v)) throw new UsageError(`${flag} ${text}: ${what}`);
    return v;
  };
  let hedgeKinds: HedgeKind[] | null = null;
  let hedgeDelta: HedgeDeltaMeasure | null = null;
  let hedgeScope: HedgeScopeOption | null = null;
  let live = false;
  let deribitUrl: string | null = null;
  let testnet = false;
  let currencies: string[] = ['BTC', 'ETH'];
  let account = false;
  let refreshHistory = false;
  let historyDir: string | null = null;
  const list = <T extends string>(flag: string, text: string, allowed: readonly T[]): T[] => {
    const items = text
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    for (const it of items)
      if (!(allowed as readonly string[]).includes(it)) throw new UsageError(`${flag}: unknown "${it}" (use ${allowed.join(', ')})`);
    return items as T[];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
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
      case '--span-short-option-min':
        span.shortOptionMinimum = num(flag, value(), (v) => v >= 0, 'must be ≥ 0 (fraction of the scan charge, e.g. 0.1)');
        margin = true;
        break;
      case '--span-extreme-multiple':
        span.extremeMultiple = num(flag, value(), (v) => v >= 1, 'must be ≥ 1 (× scan range)');
        margin = true;
        break;
      case '--span-extreme-cover':
        span.extremeCover = num(flag, value(), (v) => v >= 0 && v <= 1, 'must be between 0 and 1 (e.g. 0.35)');
        margin = true;
        break;
      case '--span-vol-scan':
        span.volScan = num(flag, value(), (v) => v >= 0, 'must be ≥ 0 (decimal, 0.10 = 10 vol points)');
        margin = true;
        break;
      case '--span-look-ahead':
        span.lookAheadDays = num(flag, value(), (v) => v >= 0, 'must be ≥ 0 days');
        margin = true;
        break;
      case '--stress':
        stress = true;
        break;
      case '--var': {
        const m = value().toLowerCase();
        if (m !== 'historical' && m !== 'parametric' && m !== 'montecarlo')
          throw new UsageError(`--var: unknown method "${m}" (use historical, parametric or montecarlo)`);
        varMethod = m;
        break;
      }
      case '--confidence':
        varNum.confidence = num(flag, value(), (v) => v > 0 && v < 1, 'must be between 0 and 1 (e.g. 0.99)');
        break;
      case '--horizon':
        varNum.horizonDays = num(flag, value(), (v) => Number.isInteger(v) && v >= 1, 'must be a whole number of days ≥ 1');
        break;
      case '--window':
        varNum.window = num(flag, value(), (v) => Number.isInteger(v) && v >= 2, 'must be a whole number of returns ≥ 2');
        break;
      case '--paths':
        varNum.paths = num(flag, value(), (v) => Number.isInteger(v) && v >= 1, 'must be a whole number ≥ 1');
        break;
      case '--seed':
        varNum.seed = num(
          flag,
          value(),
          (v) => Number.isSafeInteger(v),
          'must be a whole number with |seed| ≤ 2^53 − 1 (negative seeds allowed)',
        );
        break;
      case '--overlapping':
      case '--filtered':
      case '--dvol':
      case '--delta-gamma':
        varFlags.add(flag);
        break;
      case '--student-t': {
        studentT = true;
        const next = inline ?? argv[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
          if (inline === undefined) i++;
          dof = num(flag, next, (v) => v > 2, 'degrees of freedom must be > 2');
        }
        break;
      }
      case '--backtest':
        backtest = true;
        break;
      case '--hedge-instruments':
        hedgeKinds = list('--hedge-instruments', value(), ['perpetual', 'future', 'option'] as const);
        break;
      case '--hedge-delta': {
        const m = value().trim().toLowerCase();
        if (m !== 'usd' && m !== 'coin') throw new UsageError(`--hedge-delta: unknown "${m}" (use usd or coin)`);
        hedgeDelta = m;
        break;
      }
      case '--hedge-scope': {
        const m = value().trim().toLowerCase();
        if (m !== 'book' && m !== 'deribit' && m !== 'deribit-derivatives')
          throw new UsageError(`--hedge-scope: unknown "${m}" (use book, deribit or deribit-derivatives)`);
        hedgeScope = m;
        break;
      }
      case '--live':
        live = true;
        break;
      case '--deribit-url': {
        const u = value();
        if (!/^wss?:\/\/[^\s/]+/i.test(u)) throw new UsageError(`--deribit-url ${u}: must be a ws:// or wss:// URL`);
        deribitUrl = u;
        break;
      }
      case '--testnet':
        testnet = true;
        break;
      case '--currencies': {
        const items = value()
          .split(',')
          .map((s) => s.trim().toUpperCase())
          .filter(Boolean);
        for (const c of items) if (!/^[A-Z][A-Z0-9]{1,9}$/.test(c)) throw new UsageError(`--currencies: "${c}" is not a currency code`);
        if (items.length === 0) throw new UsageError('--currencies needs at least one currency (e.g. BTC,ETH)');
        currencies = items;
        break;
      }
      case '--account':
        account = true;
        break;
      case '--refresh-history':
        refreshHistory = true;
        break;
      case '--history-dir':
        historyDir = value();
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        if (/secret|token|client[-_]?id|api[-_]?key/i.test(flag)) {
          throw new UsageError(
            `"${flag}": API keys are read from DERIBIT_CLIENT_ID and DERIBIT_CLIENT_SECRET in the environment, never from arguments`,
          );
        }
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  if (!help && portfolio === null && !account && !(refreshHistory && !live && market === null))
    throw new UsageError('--portfolio FILE is required (or --account)');
  if (portfolio !== null && account) throw new UsageError('--portfolio and --account both give the book: use one');
  if (live && market !== null) throw new UsageError('--live and --market both give the market: use one');
  if ((deribitUrl !== null || testnet) && !live && !account && !refreshHistory)
    throw new UsageError('--deribit-url and --testnet apply to --live, --account or --refresh-history');
  if (deribitUrl !== null && testnet) throw new UsageError('--deribit-url and --testnet both name the endpoint: use one');
  if (hedgeKinds && !hedgeGreeks) throw new UsageError('--hedge-instruments needs --hedge');
  if (hedgeDelta && !hedgeGreeks) throw new UsageError('--hedge-delta needs --hedge');
  if (hedgeScope && !hedgeGreeks) throw new UsageError('--hedge-scope needs --hedge');
  const hedge = hedgeGreeks
    ? {
        greeks: hedgeGreeks,
        kinds: hedgeKinds ?? (hedgeGreeks.length > 1 ? (['perpetual', 'future', 'option'] as const) : (['perpetual'] as const)),
        deltaMeasure: hedgeDelta ?? 'usd',
        scope: hedgeScope ?? 'book',
      }
    : null;
  const anyVarOption = Object.keys(varNum).length > 0 || varFlags.size > 0 || studentT;
  if (anyVarOption && !varMethod && !backtest) throw new UsageError('VaR options need --var METHOD (or --backtest)');
  if (studentT && varMethod !== 'montecarlo') throw new UsageError('--student-t applies to --var montecarlo');
  if (backtest && varMethod === 'montecarlo') throw new UsageError('--backtest runs historical or parametric VaR, not Monte Carlo');
  const varOptions: VarOptions | null =
    varMethod || backtest
      ? {
          method: varMethod ?? 'historical',
          confidence: varNum.confidence ?? 0.99,
          horizonDays: varNum.horizonDays ?? 1,
          window: varNum.window ?? 365,
          paths: varNum.paths ?? 10_000,
          seed: varNum.seed ?? 1,
          overlapping: varFlags.has('--overlapping'),
          filtered: varFlags.has('--filtered'),
          volFromDvol: varFlags.has('--dvol'),
          deltaGamma: varFlags.has('--delta-gamma'),
          distribution: studentT ? 'student-t' : 'normal',
          dof,
          backtest,
        }
      : null;
  return {
    portfolio: portfolio ?? '',
    market,
    json,
    shock,
    hedge,
    margin,
    marginParams,
    span,
    stress,
    var: varOptions,
    help,
    live: { live, url: deribitUrl, testnet, currencies, account, refreshHistory, historyDir },
  };
}
