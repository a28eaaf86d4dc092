/** Entry point of `npm run market -- --live --out snapshot.json` (see live.ts `runMarketCli`). */
import { writeFileSync } from 'node:fs';
import { nodeSocketFactory } from '../live/nodeSocket.ts';
import { runMarketCli } from './live.ts';

const result = await runMarketCli(process.argv.slice(2), { socketFactory: nodeSocketFactory, env: process.env }, (path, text) =>
  writeFileSync(path, text),
);
if (result.stderr) process.stderr.write(result.stderr + '\n');
if (result.stdout) process.stdout.write(result.stdout + '\n');
process.exitCode = result.code;
