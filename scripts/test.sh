#!/usr/bin/env bash
# The test command of the README: every test, the browser test included. It installs the npm
# package the browser test drives (playwright-core, into tests/browser/node_modules) when npm is
# there. Without Debian chromium, node or npm the browser test cannot run: then it is skipped
# knowingly (KPSS_SKIP_BROWSER=1) and this script says so loudly at the end; `cargo test` alone
# fails that test instead, so "ok" always means it ran.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -x /usr/bin/chromium ] || missing+=("/usr/bin/chromium (apt install chromium)")
command -v node >/dev/null || missing+=("node")
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  if command -v npm >/dev/null; then
    npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
  else
    missing+=("npm")
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ -n "${KPSS_REQUIRE_BROWSER:-}" ]; then
    echo "KPSS_REQUIRE_BROWSER is set, but the browser test cannot run: missing ${missing[*]}" >&2
    exit 1
  fi
  export KPSS_SKIP_BROWSER=1
fi
cargo test --locked "$@"
if [ ${#missing[@]} -gt 0 ]; then
  echo
  echo "!!! The browser test was SKIPPED: missing ${missing[*]}."
  echo "!!! Everything else passed. Install the missing tools to run it (.ci/run does)."
fi
