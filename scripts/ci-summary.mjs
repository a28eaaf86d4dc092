// Prints per-suite counts and one closing line "N passed, N failed, N skipped" over every suite; exits 1 on any failure.
import { readFileSync, existsSync } from 'node:fs';

const [vitestJson, pwJson, checksTxt] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

if (checksTxt && existsSync(checksTxt)) {
  for (const line of readFileSync(checksTxt, 'utf8').split('\n').filter(Boolean)) {
    console.log(`check: ${line}`);
    if (line.endsWith(' ok')) passed += 1;
    else if (line.endsWith(' skipped')) skipped += 1;
    else failed += 1;
  }
}
if (vitestJson && existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  const s = v.numPendingTests + v.numTodoTests;
  // A test file that fails to load counts as a failure even though it has no failed test.
  const brokenFiles = (v.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length;
  console.log(`unit: ${v.numPassedTests} passed, ${v.numFailedTests + brokenFiles} failed, ${s} skipped`);
  passed += v.numPassedTests;
  failed += v.numFailedTests + brokenFiles;
  skipped += s;
} else {
  console.log('unit: report missing');
  failed += 1;
}
if (pwJson && existsSync(pwJson)) {
  const r = JSON.parse(readFileSync(pwJson, 'utf8'));
  const s = r.stats;
  const errs = (r.errors ?? []).length;
  console.log(`e2e: ${s.expected + s.flaky} passed, ${s.unexpected + errs} failed, ${s.skipped} skipped`);
  passed += s.expected + s.flaky;
  failed += s.unexpected + errs;
  skipped += s.skipped;
} else {
  console.log('e2e: report missing');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
