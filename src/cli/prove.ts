/** Entry point of `npm run prove -- …` (see proofCli.ts for the modes and exit codes). */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runProveCli } from './proofCli.ts';

const result = await runProveCli(process.argv.slice(2), {
  readText: (p) => readFileSync(p, 'utf8'),
  // Keys and openings are owner-only (0600); a key file is never overwritten (flag wx).
  writeText: (p, text, opts) =>
    writeFileSync(p, text, { encoding: 'utf8', flag: opts?.exclusive ? 'wx' : 'w', ...(opts?.private ? { mode: 0o600 } : {}) }),
  defaultMarketPath: fileURLToPath(new URL('../../public/data/default-market.json', import.meta.url)),
  defaultMarginParamsPath: fileURLToPath(new URL('../../public/data/margin-params.json', import.meta.url)),
});
if (result.stderr) process.stderr.write(result.stderr + '\n');
if (result.stdout) process.stdout.write(result.stdout + '\n');
process.exitCode = result.code;
