/** Entry point of `npm run report -- …` (see run.ts for the behaviour and exit codes, live.ts for the network flags). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeSocketFactory } from '../live/nodeSocket.ts';
import { runCliWithNetwork } from './live.ts';

const defaultMarketPath = fileURLToPath(new URL('../../public/data/default-market.json', import.meta.url));
const defaultMarginParamsPath = fileURLToPath(new URL('../../public/data/margin-params.json', import.meta.url));
const historyDir = fileURLToPath(new URL('../../public/data/history/', import.meta.url));
const readHistoryFiles = () =>
  readdirSync(historyDir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((fileName) => ({ fileName, text: readFileSync(`${historyDir}${fileName}`, 'utf8') }));
const result = await runCliWithNetwork(
  process.argv.slice(2),
  { readText: (p) => readFileSync(p, 'utf8'), defaultMarketPath, defaultMarginParamsPath, readHistoryFiles },
  { socketFactory: nodeSocketFactory, env: process.env },
);
if (result.stderr) process.stderr.write(result.stderr + '\n');
if (result.stdout) process.stdout.write(result.stdout + '\n');
process.exitCode = result.code;
