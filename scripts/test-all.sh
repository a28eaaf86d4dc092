#!/usr/bin/env bash
# Every test the project has: typecheck (app + DOM-free engine config), lint, unit tests, production build, e2e
# build (`--mode e2e`: the production build plus test hooks), a check that the production bundle carries no test
# hook (scripts/check-bundle.ts), end-to-end tests in Debian's Chromium on the e2e build. Each step runs even when an earlier one failed, and the last line is
# the plain "N passed, N failed" summary over all suites (typecheck, lint and build count as one check each).
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1 FORCE_COLOR=0 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mkdir -p .ci-out
bash scripts/ensure-chromium.sh || echo "warning: could not install chromium; the e2e suite will fail"
rm -f .ci-out/vitest.json .ci-out/pw.json .ci-out/checks.txt

check() { # name, command...
  local name=$1; shift
  echo "== $name"
  if "$@"; then echo "$name ok" >> .ci-out/checks.txt; else echo "$name FAILED" >> .ci-out/checks.txt; fi
}

check typecheck-app    npx tsc --noEmit -p tsconfig.json
check typecheck-engine npx tsc --noEmit -p tsconfig.engine.json
check lint             npx eslint .
check format           npx prettier --check .
echo "== npm audit (production, high)"
node scripts/audit.mjs; audit_rc=$?
if [ "$audit_rc" = 0 ]; then echo "audit ok" >> .ci-out/checks.txt
elif [ "$audit_rc" = 2 ]; then echo "audit skipped" >> .ci-out/checks.txt
else echo "audit FAILED" >> .ci-out/checks.txt; fi
echo "== unit tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=.ci-out/vitest.json; unit_rc=$?
check build            npx vite build
check build-e2e        npx vite build --mode e2e --emptyOutDir --outDir dist-e2e
check bundle           npx tsx scripts/check-bundle.ts dist dist-e2e
echo "== e2e"
PLAYWRIGHT_JSON_OUTPUT_NAME=.ci-out/pw.json npx playwright test --reporter=list,json; e2e_rc=$?

node scripts/ci-summary.mjs .ci-out/vitest.json .ci-out/pw.json .ci-out/checks.txt
