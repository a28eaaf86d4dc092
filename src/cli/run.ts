/**
 * The `report` command as a pure function of its arguments and a file reader, so tests run it without spawning a
 * process. Exit codes: 0 ok, 1 unreadable input (file missing, not a portfolio, bad market), 2 usage error.
 */
import { computeReport } from '../engine/index.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import { importMarketText } from '../io/importMarket.ts';
import { parseArgs, USAGE, UsageError } from './args.ts';
import { reportJson, reportTable } from './format.ts';

export interface CliIo {
  /** Read a text file; throws with a message when it cannot. */
  readText(path: string): string;
  /** Path of the embedded default market snapshot. */
  readonly defaultMarketPath: string;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const MAX_FILE_BYTES = 20 * 1024 * 1024;

function read(io: CliIo, path: string, what: string): string {
  let text: string;
  try {
    text = io.readText(path);
  } catch (e) {
    throw new InputError(`cannot read ${what} file "${path}": ${(e as Error).message}`);
  }
  if (text.length > MAX_FILE_BYTES) throw new InputError(`${what} file "${path}" is larger than 20 MB`);
  return text;
}

class InputError extends Error {}

/** Run `report` with `argv` (the arguments after `--`). */
export function runCli(argv: readonly string[], io: CliIo): CliResult {
  try {
    const opts = parseArgs(argv);
    if (opts.help) return { code: 0, stdout: USAGE, stderr: '' };
    const marketPath = opts.market ?? io.defaultMarketPath;
    const marketText = read(io, marketPath, 'market');
    const market = importMarketText(marketText, marketPath);
    if (!market.ok) throw new InputError(`market file "${marketPath}": ${market.error}`);
    const portfolioText = read(io, opts.portfolio, 'portfolio');
    const imported = importPortfolioText(portfolioText, opts.portfolio);
    if (!imported.ok) throw new InputError(imported.error);
    const report = computeReport(imported.result.portfolio, market.snapshot, opts.shock ?? undefined);
    const stderr = market.warnings.map((w) => `warning: ${w}`).join('\n');
    const stdout = opts.json
      ? JSON.stringify(reportJson(report, imported.result.errors), null, 2)
      : reportTable(report, imported.result.errors, market.snapshot.source);
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `error: ${e.message}\n\n${USAGE}` };
    if (e instanceof InputError) return { code: 1, stdout: '', stderr: `error: ${e.message}` };
    return { code: 1, stdout: '', stderr: `error: ${(e as Error).message ?? String(e)}` };
  }
}
