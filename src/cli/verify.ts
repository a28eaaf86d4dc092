/** Entry point of `npm run verify -- …` (see proofCli.ts for the checks and exit codes). */
import { readFileSync } from 'node:fs';
import { runVerifyCli } from './proofCli.ts';

const result = await runVerifyCli(process.argv.slice(2), { readText: (p) => readFileSync(p, 'utf8') });
if (result.stderr) process.stderr.write(result.stderr + '\n');
if (result.stdout) process.stdout.write(result.stdout + '\n');
process.exitCode = result.code;
