#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium (Playwright never downloads a browser here).
set -uo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
echo "== installing Debian chromium (apt-get)"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium >/dev/null
