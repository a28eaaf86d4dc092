// `npm audit --omit=dev` at high severity (issue 8). Exit 0 when clean, 1 when a high or critical advisory affects a
// production dependency, and 2 when the registry has no usable audit endpoint (this workplace's mirror answers 405):
// test-all.sh reports that as "skipped", never as passed.
import { spawnSync } from 'node:child_process';

const r = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8', timeout: 120_000 });
let report;
try {
  report = JSON.parse(r.stdout || '{}');
} catch {
  report = {};
}
if (report.statusCode || report.error || !report.metadata) {
  console.log(
    `audit: the registry's audit endpoint is unavailable (${report.statusCode ?? 'no answer'} ${report.message ?? ''}): skipped`.trim(),
  );
  process.exit(2);
}
const v = report.metadata.vulnerabilities ?? {};
console.log(
  `audit (production dependencies): critical ${v.critical ?? 0}, high ${v.high ?? 0}, moderate ${v.moderate ?? 0}, low ${v.low ?? 0}`,
);
process.exit((v.critical ?? 0) + (v.high ?? 0) > 0 ? 1 : 0);
