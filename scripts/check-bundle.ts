/**
 * `tsx scripts/check-bundle.ts PRODUCTION_DIR [E2E_DIR]`: the production build carries no test hook, the e2e build
 * does, and both serve the same CSP with the offline service worker (see bundleCheck.ts). Exit 1 with the problems.
 */
import { existsSync } from 'node:fs';
import { bundleProblems } from './bundleCheck.ts';

const [productionDir, e2eDir] = process.argv.slice(2);
if (!productionDir || !existsSync(productionDir)) {
  console.error('usage: tsx scripts/check-bundle.ts PRODUCTION_DIR [E2E_DIR]  (build them with `vite build` and `vite build --mode e2e`)');
  process.exit(2);
}
const problems = bundleProblems(productionDir, e2eDir ?? null);
if (problems.length > 0) {
  for (const p of problems) console.error(`bundle check: ${p}`);
  process.exit(1);
}
console.log(
  `bundle check: ${productionDir} has no test hook${e2eDir ? `; ${e2eDir} has them all; same CSP and service worker in both` : ''}`,
);
