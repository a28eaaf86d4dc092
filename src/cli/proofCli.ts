/**
 * `npm run prove` and `npm run verify` as pure async functions of their arguments and a file reader/writer, so tests
 * run them without spawning a process (the entry points are prove.ts and verify.ts).
 *
 * prove:  --new-key KEY_FILE                                        a new Ed25519 key file (never overwrites)
 *         --key KEY_FILE --export-public OUT                        the key's public half, for the verifier
 *         --portfolio F [--market M] [--margin-params P] --key KEY_FILE --out proof.json --opening opening.json
 *         --opening opening.json --include INSTRUMENT [--venue V] [--nth N] --out inc.json
 * verify: proof.json [--opening opening.json] [--inclusion inc.json] [--market M.json] [--public-key pub.json] [--json]
 *
 * Exit codes: prove 0 written, 1 unreadable or unprovable input (with the reason), 2 usage error;
 * verify 0 verified, 1 not verified (each failed check named) or unreadable input, 2 usage error.
 */
import { importMarketText } from '../io/importMarket.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import { parsePmeParams, type PmeParams } from '../engine/index.ts';
import {
  describePosition,
  draftProof,
  fileText,
  findPositions,
  formatFingerprint,
  makeInclusionProof,
  newKeyFile,
  parseKeyFile,
  parseOpeningFile,
  ProofInputError,
  publicKeyFile,
  reportLines,
  signerFromKeyFile,
  signStatement,
  verifyProof,
  fmtFigure,
} from '../proof/index.ts';
import { fromBase64 } from '../proof/bytes.ts';

export interface ProofCliIo {
  /** Read a text file; throws with a message when it cannot. */
  readText(path: string): string;
  /**
   * Write a text file. `exclusive`: fail if it exists; `private`: owner-only permissions (keys, openings).
   * Throws with a message when it cannot.
   */
  writeText(path: string, text: string, opts?: { readonly exclusive?: boolean; readonly private?: boolean }): void;
  readonly defaultMarketPath: string;
  readonly defaultMarginParamsPath: string;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

class UsageError extends Error {}
class InputError extends Error {}

export const PROVE_USAGE = `Usage:
  npm run prove -- --new-key KEY_FILE
      a new Ed25519 signing key (owner-only file; refuses to overwrite). Keep it private: it signs as you.
  npm run prove -- --key KEY_FILE --export-public PUBLIC_KEY_FILE
      the key's public half and fingerprint, to give to whoever verifies your proofs
  npm run prove -- --portfolio FILE [--market FILE] [--margin-params FILE] --key KEY_FILE --out proof.json --opening opening.json
      a signed portfolio-margin statement (proof.json, to share) and its opening (opening.json: the book with its
      salts; keep it private). Market default: public/data/default-market.json; parameters default:
      public/data/margin-params.json. What-if and excluded rows are not proven; a row that cannot be read or valued
      stops the proof.
  npm run prove -- --opening opening.json --include INSTRUMENT [--venue VENUE] [--nth N] --out inc.json
      an inclusion proof of one position (it reveals that position and nothing about the others)`;

export const VERIFY_USAGE = `Usage: npm run verify -- proof.json [--opening opening.json] [--inclusion inc.json] [--market FILE] [--public-key FILE] [--json]

  proof.json            the signed statement (its signature is always checked)
  --opening FILE        the full opening: root rebuilt, market and parameters hashed, margin recomputed with the engine
  --inclusion FILE      an inclusion proof of one position
  --market FILE         a market snapshot (or Deribit book summary) you hold: must be the one the proof commits to
  --public-key FILE     the prover's public key file: the proof must be signed with it
  --json                the verification report as JSON
Exit codes: 0 verified, 1 not verified (every failed check is named) or unreadable input, 2 usage error.`;

const MAX_FILE_CHARS = 64 * 1024 * 1024;

function read(io: Pick<ProofCliIo, 'readText'>, path: string, what: string): string {
  let text: string;
  try {
    text = io.readText(path);
  } catch (e) {
    throw new InputError(`cannot read ${what} file "${path}": ${(e as Error).message}`);
  }
  if (text.length > MAX_FILE_CHARS) throw new InputError(`${what} file "${path}" is larger than 64 MB`);
  return text;
}

function write(io: ProofCliIo, path: string, text: string, what: string, opts?: { exclusive?: boolean; private?: boolean }): void {
  try {
    io.writeText(path, text, opts);
  } catch (e) {
    throw new InputError(`cannot write ${what} file "${path}": ${(e as Error).message}`);
  }
}

type Flags = Map<string, string | true>;

/** `--flag value`, `--flag=value` and bare `--flag`; positional arguments apart. */
function parseFlags(
  argv: readonly string[],
  withValue: readonly string[],
  bare: readonly string[],
): { flags: Flags; positional: string[] } {
  const flags: Flags = new Map();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (bare.includes(flag)) {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      flags.set(flag, true);
      continue;
    }
    if (!withValue.includes(flag)) throw new UsageError(`unknown argument "${arg}"`);
    let value: string | undefined = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
    if (eq < 0) i++;
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
    if (flags.has(flag)) throw new UsageError(`${flag} is given twice`);
    value = value.trim();
    flags.set(flag, value);
  }
  return { flags, positional };
}

const get = (flags: Flags, flag: string): string | null => {
  const v = flags.get(flag);
  return typeof v === 'string' ? v : null;
};

function only(flags: Flags, allowed: readonly string[], mode: string): void {
  const extra = [...flags.keys()].filter((f) => !allowed.includes(f));
  if (extra.length > 0) throw new UsageError(`${extra.join(', ')} cannot be used with ${mode}`);
}

function required(flags: Flags, flag: string, mode: string): string {
  const v = get(flags, flag);
  if (v === null) throw new UsageError(`${mode} needs ${flag}`);
  return v;
}

async function loadSigner(io: ProofCliIo, path: string) {
  const parsed = parseKeyFile(read(io, path, 'key'));
  if (!parsed.ok) throw new InputError(`${path}: ${parsed.error}`);
  try {
    return { signer: await signerFromKeyFile(parsed.value), file: parsed.value };
  } catch (e) {
    throw new InputError(`${path}: ${(e as Error).message}`);
  }
}

function readParams(io: ProofCliIo, path: string): PmeParams {
  let json: unknown;
  try {
    json = JSON.parse(read(io, path, 'margin parameter'));
  } catch (e) {
    throw e instanceof InputError ? e : new InputError(`margin parameter file "${path}" is not JSON: ${(e as Error).message}`);
  }
  const parsed = parsePmeParams(json);
  if (!parsed.ok) throw new InputError(`margin parameter file "${path}": ${parsed.errors.join('; ')}`);
  return parsed.value;
}

async function makeProof(io: ProofCliIo, flags: Flags, now: Date): Promise<string> {
  const mode = '--portfolio';
  only(flags, ['--portfolio', '--market', '--margin-params', '--key', '--out', '--opening'], 'a proof');
  const portfolioPath = required(flags, '--portfolio', mode);
  const keyPath = required(flags, '--key', mode);
  const outPath = required(flags, '--out', mode);
  const openingPath = required(flags, '--opening', mode);
  if (outPath === openingPath) throw new UsageError('--out and --opening must be different files');
  const marketPath = get(flags, '--market') ?? io.defaultMarketPath;
  const market = importMarketText(read(io, marketPath, 'market'), marketPath);
  if (!market.ok) throw new InputError(`market file "${marketPath}": ${market.error}`);
  const imported = importPortfolioText(read(io, portfolioPath, 'portfolio'), portfolioPath);
  if (!imported.ok) throw new InputError(imported.error);
  if (imported.result.errors.length > 0) {
    const list = imported.result.errors.map((e) => `line ${e.line ?? '?'} ${e.instrument}: ${e.message}`).join('; ');
    throw new InputError(
      `${imported.result.errors.length} row(s) of "${portfolioPath}" could not be read, and a proof must cover the whole book: ${list}`,
    );
  }
  const params = readParams(io, get(flags, '--margin-params') ?? io.defaultMarginParamsPath);
  const { signer } = await loadSigner(io, keyPath);
  let draft;
  try {
    draft = await draftProof({ positions: imported.result.portfolio.positions, market: market.snapshot, params, now });
  } catch (e) {
    if (e instanceof ProofInputError) throw new InputError(e.message);
    throw e;
  }
  const proof = await signStatement(draft.statement, signer);
  write(io, outPath, fileText(proof), 'proof');
  write(io, openingPath, fileText(draft.opening), 'opening', { private: true });
  const s = draft.statement;
  const lines = [
    `Proof written to ${outPath}; opening (keep it private) to ${openingPath}.`,
    `Root ${s.root} (${draft.opening.positions.length} positions in a ${s.treeSize}-leaf tree${draft.leftOut > 0 ? `; ${draft.leftOut} what-if/excluded rows left out` : ''})`,
    `Market ${s.marketHash} (valuation ${s.valuationTime}); parameters ${s.parametersHash}`,
    `Signed by key ${formatFingerprint(proof.signature.fingerprint)}`,
    ...Object.entries(s.currencies).map(
      ([ccy, f]) =>
        `  ${ccy.padEnd(5)} IM ${fmtFigure(f.initialMargin)}  MM ${fmtFigure(f.maintenanceMargin)}  equity ${fmtFigure(f.equity)}  equity ≥ MM: ${f.equityCoversMaintenance ? 'yes' : 'NO'}`,
    ),
    `Claim "${s.claim.text}": ${s.claim.holds ? 'TRUE' : 'FALSE'}`,
  ];
  if (draft.figures.warnings.length > 0) lines.push(...draft.figures.warnings.map((w) => `warning: ${w}`));
  return lines.join('\n');
}

async function makeInclusion(io: ProofCliIo, flags: Flags): Promise<string> {
  only(flags, ['--opening', '--include', '--venue', '--nth', '--out'], '--include');
  const openingPath = required(flags, '--opening', '--include');
  const instrument = required(flags, '--include', '--include');
  const outPath = required(flags, '--out', '--include');
  const venue = get(flags, '--venue');
  const nthText = get(flags, '--nth');
  const nth = nthText === null ? null : Number(nthText);
  if (nth !== null && !(Number.isInteger(nth) && nth >= 1)) throw new UsageError(`--nth ${nthText}: must be a whole number ≥ 1`);
  const parsed = parseOpeningFile(read(io, openingPath, 'opening'));
  if (!parsed.ok) throw new InputError(`${openingPath}: ${parsed.error}`);
  const opening = parsed.value;
  const matches = findPositions(opening, instrument, venue);
  if (matches.length === 0) throw new InputError(`${openingPath} holds no position in ${instrument}${venue ? ` at ${venue}` : ''}`);
  if (matches.length > 1 && nth === null) {
    const list = matches.map((m, i) => `(${i + 1}) ${describePosition(opening.positions[m]!.position)}`).join(', ');
    throw new InputError(`${matches.length} positions match ${instrument}: ${list}; add --venue VENUE or --nth N`);
  }
  const index = matches[(nth ?? 1) - 1];
  if (index === undefined) throw new InputError(`--nth ${nth}: only ${matches.length} position(s) match ${instrument}`);
  let inc;
  try {
    inc = await makeInclusionProof(opening, index);
  } catch (e) {
    throw new InputError(`${openingPath}: ${(e as Error).message}`);
  }
  write(io, outPath, fileText(inc), 'inclusion proof');
  return `Inclusion proof of ${describePosition(inc.position)} (leaf ${inc.leafIndex} of ${inc.treeSize}) written to ${outPath}.`;
}

/** Run `prove` with `argv` (the arguments after `--`). */
export async function runProveCli(argv: readonly string[], io: ProofCliIo, now: Date = new Date()): Promise<CliResult> {
  try {
    const { flags, positional } = parseFlags(
      argv,
      [
        '--new-key',
        '--key',
        '--export-public',
        '--portfolio',
        '--market',
        '--margin-params',
        '--out',
        '--opening',
        '--include',
        '--venue',
        '--nth',
      ],
      ['--help'],
    );
    if (flags.has('--help') || argv.length === 0)
      return {
        code: flags.has('--help') ? 0 : 2,
        stdout: flags.has('--help') ? PROVE_USAGE : '',
        stderr: flags.has('--help') ? '' : PROVE_USAGE,
      };
    if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
    if (flags.has('--new-key')) {
      only(flags, ['--new-key'], '--new-key');
      const path = required(flags, '--new-key', '--new-key');
      const key = await newKeyFile(now);
      write(io, path, fileText(key), 'key', { exclusive: true, private: true });
      return {
        code: 0,
        stdout: `New Ed25519 signing key written to ${path} (owner-only). Fingerprint ${formatFingerprint(key.fingerprint)}.\nKeep the file private; give verifiers its public half: npm run prove -- --key ${path} --export-public public-key.json`,
        stderr: '',
      };
    }
    if (flags.has('--export-public')) {
      only(flags, ['--export-public', '--key'], '--export-public');
      const { file } = await loadSigner(io, required(flags, '--key', '--export-public'));
      const out = required(flags, '--export-public', '--export-public');
      write(io, out, fileText(await publicKeyFile(fromBase64(file.publicKey))), 'public key');
      return { code: 0, stdout: `Public key written to ${out}. Fingerprint ${formatFingerprint(file.fingerprint)}.`, stderr: '' };
    }
    if (flags.has('--include')) return { code: 0, stdout: await makeInclusion(io, flags), stderr: '' };
    if (flags.has('--portfolio')) return { code: 0, stdout: await makeProof(io, flags, now), stderr: '' };
    throw new UsageError('say what to do: --new-key, --export-public, --portfolio … (a proof) or --include … (an inclusion proof)');
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `error: ${e.message}\n\n${PROVE_USAGE}` };
    return { code: 1, stdout: '', stderr: `error: ${(e as Error).message ?? String(e)}` };
  }
}

/** Run `verify` with `argv`. */
export async function runVerifyCli(argv: readonly string[], io: Pick<ProofCliIo, 'readText'>): Promise<CliResult> {
  try {
    const { flags, positional } = parseFlags(argv, ['--opening', '--inclusion', '--market', '--public-key'], ['--json', '--help']);
    if (flags.has('--help')) return { code: 0, stdout: VERIFY_USAGE, stderr: '' };
    if (positional.length === 0) throw new UsageError('give the proof file');
    if (positional.length > 1) throw new UsageError(`one proof at a time ("${positional[1]}" is extra)`);
    const proofPath = positional[0]!;
    const opt = (flag: string, what: string): string | null => {
      const p = get(flags, flag);
      return p === null ? null : read(io, p, what);
    };
    const marketPath = get(flags, '--market');
    const report = await verifyProof({
      proof: read(io, proofPath, 'proof'),
      opening: opt('--opening', 'opening'),
      inclusion: opt('--inclusion', 'inclusion proof'),
      market: marketPath === null ? null : { text: read(io, marketPath, 'market'), fileName: marketPath },
      publicKey: opt('--public-key', 'public key'),
    });
    const stdout = flags.has('--json') ? JSON.stringify(report, null, 2) : reportLines(report).join('\n');
    return { code: report.ok ? 0 : 1, stdout, stderr: '' };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `error: ${e.message}\n\n${VERIFY_USAGE}` };
    return { code: 1, stdout: '', stderr: `error: ${(e as Error).message ?? String(e)}` };
  }
}
